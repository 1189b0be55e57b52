using System.Text.RegularExpressions;

namespace Monitor.Agent.Sources.Mail;

/// <summary>
/// Finds relay hosts that Postfix will look up in DNS by mistake. Written without brackets, a
/// next hop is a domain whose MX records Postfix looks up: "relayhost = 192.0.2.10" makes it ask
/// DNS for the MX of "192.0.2.10" instead of connecting to that address. At Asahi Net (2017,
/// seed 004) that mistake deferred mail, the bounces could not be delivered either, and the
/// mail was deleted: 84,774 users.
/// </summary>
internal static partial class PostfixNextHops
{
    /// <summary>main.cf parameters whose value is a next hop or transport:nexthop.</summary>
    private static readonly string[] NextHopParameters = ["relayhost", "default_transport", "relay_transport", "smtp_fallback_relay", "fallback_relay"];

    /// <summary>main.cf parameters (last definition wins), from Postfix's logical lines.</summary>
    public static Dictionary<string, (string Value, int Line)> MainCfParameters(IReadOnlyList<string> lines)
    {
        var parameters = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        foreach (var (text, line) in LogicalLines(lines))
        {
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                parameters[text[..equals].Trim()] = (text[(equals + 1)..].Trim(), line);
            }
        }

        return parameters;
    }

    /// <summary>Each unbracketed IP literal next hop in main.cf, as a sentence naming the file, the line and the fix.</summary>
    public static IEnumerable<string> CheckMainCf(string file, IReadOnlyList<string> lines)
    {
        var parameters = MainCfParameters(lines);
        foreach (var name in NextHopParameters)
        {
            if (!parameters.TryGetValue(name, out var setting))
            {
                continue;
            }

            var isTransport = name.EndsWith("_transport", StringComparison.Ordinal);
            foreach (var item in setting.Value.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                if ((isTransport ? SmtpNextHop(item) : item) is { } nextHop && UnbracketedAddress(nextHop) is { } address)
                {
                    yield return Sentence($"{file} line {setting.Line}: {name} = {setting.Value}", address);
                }
            }
        }
    }

    /// <summary>Each unbracketed IP literal next hop in a transport map ("pattern transport:nexthop").</summary>
    public static IEnumerable<string> CheckTransportMap(string file, IReadOnlyList<string> lines)
    {
        foreach (var (text, line) in LogicalLines(lines))
        {
            var fields = text.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2 && SmtpNextHop(fields[1].Trim()) is { } nextHop && UnbracketedAddress(nextHop) is { } address)
            {
                yield return Sentence($"{file} line {line}: {fields[0]} -> {fields[1].Trim()}", address);
            }
        }
    }

    private static string Sentence(string where, string address) =>
        $"{where}: the relay host {address} is written without brackets, so Postfix will look it up in DNS (MX) as a domain name instead of connecting to that address; "
        + $"mail to it defers and may be lost (Asahi Net, 2017). Write [{address}]";

    /// <summary>The next hop of "smtp:host", "relay:host" or ":host" (the default transport); null for other transports.</summary>
    private static string? SmtpNextHop(string result)
    {
        var colon = result.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var transport = result[..colon];
        return transport is "" or "smtp" or "relay" ? result[(colon + 1)..] : null;
    }

    /// <summary>The IPv4 address of a next hop written without brackets ("192.0.2.10" or "192.0.2.10:587"), else null.</summary>
    private static string? UnbracketedAddress(string nextHop)
    {
        if (nextHop.Length == 0 || nextHop[0] == '[' || nextHop[0] == '$')
        {
            return null;
        }

        var match = Ipv4WithPort().Match(nextHop);
        return match.Success ? match.Groups["address"].Value : null;
    }

    /// <summary>Postfix's logical lines: comments and blank lines dropped, a line starting with whitespace continues the previous one.</summary>
    private static IEnumerable<(string Text, int Line)> LogicalLines(IReadOnlyList<string> lines)
    {
        string? current = null;
        var startLine = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            if (char.IsWhiteSpace(line[0]) && current is not null)
            {
                current += " " + trimmed.TrimEnd();
                continue;
            }

            if (current is not null)
            {
                yield return (current, startLine);
            }

            current = line.TrimEnd();
            startLine = i + 1;
        }

        if (current is not null)
        {
            yield return (current, startLine);
        }
    }

    [GeneratedRegex(@"^(?<address>(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3})(?::\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4WithPort();
}
