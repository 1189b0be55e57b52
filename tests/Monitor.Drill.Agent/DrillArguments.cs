using System.Globalization;

namespace Monitor.Drill.Agent;

/// <summary>
/// The drill's own arguments (<c>--drill-*</c>); every other argument goes to the agent unchanged
/// (<c>--Agent:Collector:Address=...</c>, <c>--Agent:Outbox:Path=...</c>).
/// </summary>
internal sealed record DrillArguments(DrillBurst Burst, int From, TimeSpan Pace, bool Drain, IReadOnlyList<string> AgentArgs)
{
    public const string Usage = """
        usage: Monitor.Drill.Agent [--drill-prefix NAME] [--drill-incidents N] [--drill-revisions N]
                                   [--drill-from INDEX] [--drill-pace hh:mm:ss.fff] [--drill-then drain|exit]
                                   [--Agent:Key=value ...]
          Starts the real agent host, appends revisions INDEX.. of the burst to its outbox, printing
          "accepted <idempotency key>" after each append returned (the record is on disk), then
          "burst accepted"; with drain (default) waits until the collector acknowledged everything,
          prints "drained" and stops; with exit stops at once.
        """;

    public static DrillArguments Parse(IReadOnlyList<string> args)
    {
        string prefix = "drill";
        int incidents = 4, revisions = 10, from = 0;
        var pace = TimeSpan.Zero;
        var drain = true;
        var agent = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            switch (args[i])
            {
                case "--drill-prefix": prefix = Value(); break;
                case "--drill-incidents": incidents = Number(args[i], Value()); break;
                case "--drill-revisions": revisions = Number(args[i], Value()); break;
                case "--drill-from": from = Number(args[i], Value()); break;
                case "--drill-pace":
                    var text = Value();
                    pace = TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed)
                        ? parsed
                        : throw new ArgumentException($"--drill-pace '{text}' is not a time span written hh:mm:ss.fff");
                    break;
                case "--drill-then":
                    drain = Value() switch
                    {
                        "drain" => true,
                        "exit" => false,
                        var other => throw new ArgumentException($"--drill-then '{other}' is not one of drain, exit"),
                    };
                    break;
                default:
                    if (args[i].StartsWith("--drill-", StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"unknown drill argument '{args[i]}'.\n{Usage}");
                    }

                    agent.Add(args[i]);
                    break;
            }
        }

        var burst = new DrillBurst(prefix, incidents, revisions);
        return from > burst.Count
            ? throw new ArgumentException($"--drill-from {from} is past the end of the burst ({burst.Count} revisions)")
            : new DrillArguments(burst, from, pace, drain, agent);
    }

    private static int Number(string flag, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{flag} '{text}' is not a whole number");
}
