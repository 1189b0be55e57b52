using System.Globalization;

namespace Monitor.EndToEnd.Tests.Drills;

/// <summary>
/// The drill harness (tests/Monitor.Drill.Agent): the real agent host with its durable outbox,
/// delivery worker and collector client, fed a burst of revisions. It prints
/// "accepted &lt;idempotency key&gt;" once the revision is on disk, "burst accepted" at the end
/// of the burst, and "drained" once the collector acknowledged everything.
/// </summary>
internal static class DrillAgent
{
    public const string Accepted = "accepted ";

    public const string BurstAccepted = "burst accepted";

    public const string Drained = "drained";

    /// <summary>Agent settings every drill shares: identity, the topology, the outbox folder, the collector (empty: none).</summary>
    public static List<string> Settings(string outbox, string collector, params string[] more) =>
    [
        $"--Agent:TopologyPath={Path.Combine(RepositoryPaths.Scenario("cty-2017"), "topology.json")}",
        "--Agent:AgentId=drill01.cty",
        "--Agent:Host=drill01",
        $"--Agent:Outbox:Path={outbox}",
        $"--Agent:Collector:Address={collector}",
        .. more,
    ];

    /// <summary>Starts the harness on revisions <paramref name="from"/>.. of a burst of incidents × revisions.</summary>
    public static RunningProgram Start(string name, string directory, int incidents, int revisions, int from, IEnumerable<string> settings,
        TimeSpan? pace = null, bool drain = true) =>
        RunningProgram.StartDotnet(name, "Monitor.Drill.Agent.dll",
        [
            "--drill-incidents", incidents.ToString(CultureInfo.InvariantCulture),
            "--drill-revisions", revisions.ToString(CultureInfo.InvariantCulture),
            "--drill-from", from.ToString(CultureInfo.InvariantCulture),
            "--drill-pace", (pace ?? TimeSpan.Zero).ToString("c", CultureInfo.InvariantCulture),
            "--drill-then", drain ? "drain" : "exit",
            .. settings,
        ], directory);

    /// <summary>The idempotency keys the harness said it accepted, in order.</summary>
    public static List<string> AcceptedKeys(RunningProgram agent) =>
        [.. agent.Out.Where(l => l.StartsWith(Accepted, StringComparison.Ordinal)).Select(l => l[Accepted.Length..])];

    /// <summary>How many revisions the harness said it accepted so far.</summary>
    public static int AcceptedCount(RunningProgram agent) => agent.CountOut(l => l.StartsWith(Accepted, StringComparison.Ordinal));

    /// <summary>The idempotency key of revision <paramref name="index"/> of the burst, as the harness names it.</summary>
    public static string Key(int index, int incidents) => $"drill-{index % incidents:D2}/{(index / incidents) + 1}";
}
