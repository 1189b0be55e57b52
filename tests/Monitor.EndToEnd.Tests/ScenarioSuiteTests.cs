using Microsoft.Extensions.Hosting;
using Monitor.Agent;

namespace Monitor.EndToEnd.Tests;

/// <summary>
/// Every scenario folder under config/scenarios replayed through the agent (`replay --json`, no
/// collector) and checked against its expected.json: the seed incidents caught, explained and
/// counted; healthy days quiet. A folder added by anyone, in the documented format, is picked up.
/// </summary>
public sealed class ScenarioSuiteTests
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMinutes(1);

    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(RepositoryPaths.Root, "config", "scenarios")).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(dir, "expected.json")))
            {
                data.Add(Path.GetFileName(dir));
            }
        }

        return data;
    }

    private static async Task<ReplayTimeline> ReplayAsync(string scenario)
    {
        var output = new StringWriter();
        using var agent = AgentApplication.Build(["replay", RepositoryPaths.Scenario(scenario), "--speed", "0", "--json", "--Agent:Collector:Address="], output);
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await agent.RunAsync(bound.Token);
        Assert.False(bound.IsCancellationRequested, $"the replay of {scenario} did not finish");
        return ReplayTimeline.Parse(output.ToString());
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Replay_Scenario_MatchesItsGroundTruth(string scenario)
    {
        var truth = ScenarioTruth.Load(RepositoryPaths.Scenario(scenario));

        var timeline = await ReplayAsync(scenario);

        var incidents = timeline.Incidents;
        Assert.True(truth.Incidents.Count == incidents.Count,
            $"{scenario}: expected {truth.Incidents.Count} incidents, got {incidents.Count}: "
            + string.Join("; ", incidents.Select(i => i.GetProperty("title").GetString())));
        foreach (var (expected, actual) in truth.Incidents.Zip(incidents.OrderBy(i => i.GetProperty("openedAt").GetDateTimeOffset())))
        {
            CheckIncident(scenario, expected, actual, timeline);
        }

        foreach (var warning in truth.Warnings ?? [])
        {
            Assert.True(
                timeline.Findings("raised").Any(f => f.GetProperty("entity").GetString() == warning.Entity
                    && f.GetProperty("kind").GetString() == warning.Kind
                    && f.GetProperty("time").GetDateTimeOffset() < warning.Before),
                $"{scenario}: no {warning.Kind} on {warning.Entity} raised before {warning.Before:O}");
        }

        if (scenario.StartsWith("healthy-", StringComparison.Ordinal))
        {
            var allowed = (truth.AllowedWarnings ?? []).Select(w => (w.Entity, w.Kind)).ToHashSet();
            var warnings = timeline.Findings("raised")
                .Where(f => f.GetProperty("severity").GetString() is "warning" or "critical")
                .Select(f => (Entity: f.GetProperty("entity").GetString()!, Kind: f.GetProperty("kind").GetString()!))
                .Where(w => !allowed.Contains(w))
                .Distinct()
                .ToList();
            Assert.True(warnings.Count == 0, $"{scenario}: findings the ground truth does not allow: {string.Join(", ", warnings)}");
        }
    }

    private static void CheckIncident(string scenario, ExpectedIncident expected, System.Text.Json.JsonElement actual, ReplayTimeline timeline)
    {
        var root = actual.GetProperty("rootCause");
        Assert.Equal((expected.RootCause.Entity, expected.RootCause.Kind), (root.GetProperty("entity").GetString(), root.GetProperty("kind").GetString()));

        var opened = actual.GetProperty("openedAt").GetDateTimeOffset();
        if (expected.FailStop)
        {
            Assert.InRange(opened, expected.Onset - SampleInterval, expected.Onset + (2 * SampleInterval));
        }

        if (actual.TryGetProperty("recoveredAt", out var recovered))
        {
            Assert.InRange(recovered.GetDateTimeOffset(), expected.Recovered - (2 * SampleInterval), expected.Recovered + (2 * SampleInterval));
        }
        else
        {
            Assert.Fail($"{scenario}: the incident never recovered (expected {expected.Recovered:O})");
        }

        if (expected.AffectedUsers.Basis == "contracts")
        {
            Assert.Equal(expected.AffectedUsers.Max, actual.GetProperty("affectedUsersMax").GetInt64());
        }
        else
        {
            Assert.InRange(actual.GetProperty("affectedUsersMax").GetInt64(), 1, expected.AffectedUsers.Max);
        }

        var seen = actual.GetProperty("symptoms").EnumerateArray()
            .Select(s => (s.GetProperty("entity").GetString(), s.GetProperty("kind").GetString()))
            .Append((root.GetProperty("entity").GetString(), root.GetProperty("kind").GetString()))
            .ToHashSet();
        Assert.All(expected.SymptomsInclude, s => Assert.Contains((s.Entity, s.Kind), seen));
        Assert.All(expected.SymptomsExclude, s => Assert.DoesNotContain((s.Entity, s.Kind), seen));

        var services = actual.GetProperty("services").EnumerateArray().ToList();
        string[] Functions(string impact) => [.. services.Where(s => s.GetProperty("impact").GetString() == impact).Select(s => s.GetProperty("function").GetString()!).Order(StringComparer.Ordinal)];
        Assert.Equal(expected.ServicesStopped.Order(StringComparer.Ordinal), Functions("stopped"));
        Assert.All(expected.ServicesNotAffected ?? [], f => Assert.Contains(f, Functions("not_affected")));

        if (expected.SuspectedChange is { } change)
        {
            Assert.True(actual.TryGetProperty("suspectedChange", out var named), $"{scenario}: no suspected change named");
            Assert.Contains(change.TextContains, named.GetString(), StringComparison.OrdinalIgnoreCase);
        }

        foreach (var precursor in expected.Precursors ?? [])
        {
            Assert.Contains(timeline.Findings("raised"), f =>
                f.GetProperty("entity").GetString() == precursor.Entity
                && f.GetProperty("kind").GetString() == precursor.Kind
                && f.GetProperty("time").GetDateTimeOffset() < precursor.Before);
        }
    }
}
