using System.Security.Cryptography;
using System.Text;
using Monitor.Collector.Configuration;

namespace Monitor.Collector.Ingest;

/// <summary>
/// The bearer tokens of <c>Collector:Agents:&lt;id&gt;:TokenFile</c>, kept only as SHA-256
/// digests. A presented token is compared with every digest in fixed time, so neither the
/// answer's timing nor an early exit tells how much of a guess was right.
/// </summary>
public sealed class AgentTokens
{
    /// <summary>Shortest token accepted in a file: a shorter one is too easy to guess.</summary>
    public const int MinTokenLength = 16;

    private readonly IReadOnlyList<(string AgentId, byte[] Digest)> _digests;

    private AgentTokens(IReadOnlyList<(string AgentId, byte[] Digest)> digests)
    {
        _digests = digests;
    }

    /// <summary>No agent has a token.</summary>
    public static AgentTokens None { get; } = new([]);

    /// <summary>True when at least one agent has a token.</summary>
    public bool Any => _digests.Count > 0;

    /// <summary>Reads every token file of <paramref name="agents"/>.</summary>
    /// <exception cref="CollectorConfigurationException">A file is missing, unreadable, too short, or shared by two agents; the message names the key and file, never the token.</exception>
    public static AgentTokens Read(IReadOnlyDictionary<string, KnownAgentOptions> agents)
    {
        var digests = new List<(string AgentId, byte[] Digest)>();
        foreach (var (agentId, agent) in agents.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrEmpty(agent.TokenFile))
            {
                continue;
            }

            var digest = ReadDigest(agentId, agent.TokenFile);
            var twin = digests.FirstOrDefault(known => CryptographicOperations.FixedTimeEquals(known.Digest, digest));
            if (twin.AgentId is not null)
            {
                throw new CollectorConfigurationException(
                    $"{Key(agentId)} = '{agent.TokenFile}' holds the same token as {Key(twin.AgentId)}; expected one token per agent, so a token names its agent");
            }

            digests.Add((agentId, digest));
        }

        return new AgentTokens(digests);
    }

    /// <summary>The agent whose token <paramref name="token"/> is, or null when it is nobody's.</summary>
    public string? FindAgent(string token)
    {
        var digest = Digest(token.Trim());
        string? found = null;

        // Every digest is compared, with no early exit, whatever matched.
        foreach (var (agentId, known) in _digests)
        {
            if (CryptographicOperations.FixedTimeEquals(known, digest))
            {
                found = agentId;
            }
        }

        return found;
    }

    private static byte[] ReadDigest(string agentId, string path)
    {
        string token;
        try
        {
            token = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CollectorConfigurationException($"{Key(agentId)} = '{path}': no such file ({Path.GetFullPath(path)})", ex);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new CollectorConfigurationException($"{Key(agentId)} = '{path}' cannot be read: {ex.Message}", ex);
        }

        if (token.Length < MinTokenLength)
        {
            throw new CollectorConfigurationException(
                $"{Key(agentId)} = '{path}' holds a token of {token.Length} characters; expected at least {MinTokenLength} (e.g. openssl rand -hex 32 > {path})");
        }

        return Digest(token);
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string Key(string agentId) => $"{CollectorOptions.SectionName}:{nameof(CollectorOptions.Agents)}:{agentId}:{nameof(KnownAgentOptions.TokenFile)}";
}
