using System.Text.Json;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Replay;

/// <summary>
/// One mail service on two hosts, both failing POP3 logins at once: the shape of most real sites,
/// which no recorded scenario has. Both hosts' findings must reach the timeline and the incident.
/// </summary>
public sealed class TwoMailHostsReplayTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(9));

    private const string Topology = """
        {
          "schemaVersion": 1,
          "site": { "name": "two-hosts", "operator": "Example", "location": "dc", "area": "Tokyo", "timeZone": "Asia/Tokyo" },
          "hosts": [ { "id": "pop-a" }, { "id": "pop-b" } ],
          "controllers": [
            { "id": "ctl-1", "partner": "ctl-2", "ratedIops": 40000, "ratedThroughputBytesPerSecond": 800000000 },
            { "id": "ctl-2", "partner": "ctl-1", "ratedIops": 40000, "ratedThroughputBytesPerSecond": 800000000 }
          ],
          "volumes": [ { "id": "store", "controllers": [ "ctl-1", "ctl-2" ] } ],
          "paths": [
            { "id": "pop-a:ctl-1", "host": "pop-a", "controller": "ctl-1", "volume": "store" },
            { "id": "pop-b:ctl-2", "host": "pop-b", "controller": "ctl-2", "volume": "store" }
          ],
          "services": [
            { "id": "webmail-co", "name": "Example mail", "category": 5, "hosts": [ "pop-a", "pop-b" ], "volumes": [ "store" ],
              "functions": [ "pop3", "smtp-in" ], "populations": [ "example-contracts" ] }
          ],
          "populations": [ { "key": "example-contracts", "contracts": 20000 } ]
        }
        """;

    /// <summary>
    /// Ten minutes of POP3 logins on both hosts; from minute 2 on, most of them fail. Written by
    /// Monitor's writer: OpenMetrics keeps each family's lines together.
    /// </summary>
    private static string Metrics()
    {
        var samples = new List<Sample>();
        foreach (var host in new[] { "pop-a", "pop-b" })
        {
            for (var minute = 0; minute <= 10; minute++)
            {
                var time = T0.AddMinutes(minute);
                var failing = minute >= 2;
                samples.Add(new(time, $"{host}/pop3", MetricCatalog.MailLoginFailures, failing ? 4 : 0.1));
                samples.Add(new(time, $"{host}/pop3", MetricCatalog.MailLoginSuccesses, failing ? 1 : 5));
                samples.Add(new(time, $"{host}/pop3", MetricCatalog.MailLoginFailedUsers, failing ? (host == "pop-a" ? 120 : 80) : 1));
            }
        }

        var text = new StringWriter();
        OpenMetricsWriter.Write(text, samples);
        return text.ToString();
    }

    [Fact]
    public async Task ReplayJson_BothHostsFailLoginsAtOnce_BothFindingsAreRaisedAndBelongToTheIncident()
    {
        using var dir = new TemporaryDirectory();
        dir.Write("topology.json", Topology);
        dir.Write("metrics.om", Metrics());
        var output = new StringWriter();
        using var agent = AgentApplication.Build(["replay", dir.Path, "--speed", "0", "--json"], output);

        var exit = await AgentApplication.RunAsync(agent, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, exit);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var raised = lines.Where(l => l.GetProperty("type").GetString() == "finding" && l.GetProperty("event").GetString() == "raised" && l.GetProperty("kind").GetString() == "login_failures").ToList();
        Assert.Equal(["pop-a", "pop-b"], raised.Select(l => l.GetProperty("scope").GetString()).Order(StringComparer.Ordinal));
        Assert.All(raised, l => Assert.Equal("webmail-co/pop3", l.GetProperty("entity").GetString()));

        var last = lines.Last(l => l.GetProperty("type").GetString() == "revision");
        var inIncident = last.GetProperty("symptoms").EnumerateArray().Append(last.GetProperty("rootCause"))
            .Where(f => f.GetProperty("kind").GetString() == "login_failures")
            .Select(f => f.GetProperty("scope").GetString())
            .Order(StringComparer.Ordinal);
        Assert.Equal(["pop-a", "pop-b"], inIncident);
    }
}
