using Google.Protobuf;
using Monitor.Contracts.V1;
using IdempotencyKey = Monitor.Core.Incidents.IdempotencyKey;

namespace Monitor.Collector.Tests;

/// <summary>
/// The revisions the real agent pushed for cty-2017 (Fixtures/cty-2017.revisions.jsonl), and the
/// same revisions as another agent on another host would have pushed them.
/// </summary>
internal static class CtyFixture
{
    private static readonly Lazy<IReadOnlyList<IncidentRevision>> Loaded = new(Load);

    /// <summary>Every revision, oldest first, as the agent on mail01 pushed them.</summary>
    public static IReadOnlyList<IncidentRevision> Revisions => Loaded.Value.Select(r => r.Clone()).ToList();

    /// <summary>The newest revision (resolved).</summary>
    public static IncidentRevision Latest => Revisions[^1];

    /// <summary>The agent that pushed them.</summary>
    public static AgentIdentity Agent => Loaded.Value[0].Agent.Clone();

    /// <summary>The agent incident id.</summary>
    public static string IncidentId => Loaded.Value[0].IncidentId;

    /// <summary>The revisions as the agent on <paramref name="host"/> would push them: its own identity and incident id.</summary>
    public static IReadOnlyList<IncidentRevision> AsHost(string host, TimeSpan? shift = null)
    {
        var agent = AgentOn(host);
        var id = IncidentId.Replace("765424", host, StringComparison.Ordinal);
        return Revisions.Select(revision =>
        {
            revision.IncidentId = id;
            revision.IdempotencyKey = IdempotencyKey.For(id, revision.Revision);
            revision.Agent = agent.Clone();
            if (shift is { } by)
            {
                revision.OpenedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(revision.OpenedAt.ToDateTimeOffset() + by);
            }

            return revision;
        }).ToList();
    }

    /// <summary>The identity of an agent on <paramref name="host"/> at the CTY site.</summary>
    public static AgentIdentity AgentOn(string host)
    {
        var agent = Agent;
        agent.AgentId = $"{host}.cty";
        agent.Host = host;
        return agent;
    }

    /// <summary>A push of <paramref name="revisions"/> by <paramref name="agent"/>.</summary>
    public static PushRevisionsRequest Push(AgentIdentity agent, IEnumerable<IncidentRevision> revisions)
    {
        var request = new PushRevisionsRequest { Agent = agent.Clone() };
        request.Revisions.AddRange(revisions);
        return request;
    }

    private static List<IncidentRevision> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "cty-2017.revisions.jsonl");
        return File.ReadLines(path)
            .Where(line => line.Length > 0)
            .Select(line => JsonParser.Default.Parse<IncidentRevision>(line))
            .ToList();
    }
}
