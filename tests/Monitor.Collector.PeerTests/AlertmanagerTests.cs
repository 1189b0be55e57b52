using Monitor.Collector.Tests;

namespace Monitor.Collector.PeerTests;

/// <summary>
/// Debian's Alertmanager on loopback, its webhook pointing at the test: the collector's alert
/// for the CTY incident arrives with the incident's labels, and its resolution arrives when the
/// incident resolves.
/// </summary>
public sealed class AlertmanagerTests : IDisposable
{
    private const string Program = "/usr/bin/prometheus-alertmanager";

    private readonly TemporaryDirectory _directory = new();
    private readonly WebhookReceiver _receiver = new();

    public void Dispose()
    {
        _receiver.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task CtyIncident_FiresThroughAlertmanagerAndResolvesWhenTheIncidentResolves()
    {
        using var alertmanager = await StartAlertmanagerAsync();
        await using var collector = await RunningCollector.StartAsync(
            $"--Collector:Alerting:AlertmanagerUrl=http://127.0.0.1:{alertmanager.Port}",
            "--Collector:Alerting:ResendInterval=00:00:02",
            "--Collector:PublicUrl=https://monitor.cty.example.jp/");
        var revisions = CtyFixture.Revisions.ToList();
        var firstResolved = revisions.FindIndex(r => r.State == Monitor.Contracts.V1.IncidentState.Resolved);

        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, revisions.Take(firstResolved)));
        var firing = await _receiver.NextAsync("firing");
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, revisions.Skip(firstResolved)));
        var resolved = await _receiver.NextAsync("resolved");

        var alert = Assert.Single(firing.GetProperty("alerts").EnumerateArray());
        var labels = alert.GetProperty("labels");
        Assert.Equal("MonitorIncident", labels.GetProperty("alertname").GetString());
        Assert.Equal(CtyFixture.IncidentId, labels.GetProperty("incident_id").GetString());
        Assert.Equal("critical", labels.GetProperty("severity").GetString());
        Assert.Equal("cty", labels.GetProperty("site").GetString());
        Assert.Equal("ctl-a", labels.GetProperty("root_entity").GetString());
        Assert.Equal("controller_failed", labels.GetProperty("root_kind").GetString());
        Assert.Equal("cty-mail", labels.GetProperty("service").GetString());
        Assert.Equal("yes", labels.GetProperty("major_accident").GetString());
        Assert.Equal("50511", alert.GetProperty("annotations").GetProperty("affected_users").GetString());
        Assert.Equal($"https://monitor.cty.example.jp/incidents/{CtyFixture.IncidentId}", alert.GetProperty("generatorURL").GetString());

        var ended = Assert.Single(resolved.GetProperty("alerts").EnumerateArray());
        Assert.Equal("resolved", ended.GetProperty("status").GetString());
        Assert.Equal(CtyFixture.IncidentId, ended.GetProperty("labels").GetProperty("incident_id").GetString());
    }

    [Fact]
    public async Task ExampleConfig_InDeploy_PassesAmtoolCheck()
    {
        var amtool = RunningProgram.Require("/usr/bin/amtool", "prometheus-alertmanager");
        using var check = RunningProgram.Start(amtool, ["check-config", Path.Combine(RepositoryPaths.Root, "deploy", "alertmanager", "alertmanager.yml")]);

        var exitCode = await check.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, check.Output);
        Assert.Contains("SUCCESS", check.Output, StringComparison.Ordinal);
        Assert.Contains("2 receivers", check.Output, StringComparison.Ordinal);
    }

    private async Task<Peer> StartAlertmanagerAsync()
    {
        RunningProgram.Require(Program, "prometheus-alertmanager");
        var port = RunningProgram.FreePort();
        var config = _directory.File("alertmanager.yml");
        await File.WriteAllTextAsync(config, $"""
            route:
              receiver: test
              group_by: ['incident_id']
              group_wait: 0s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: test
                webhook_configs:
                  - url: {_receiver.Url}
                    send_resolved: true
            """);
        var storage = _directory.File("storage");
        Directory.CreateDirectory(storage);
        var process = RunningProgram.Start(
            Program,
            [$"--config.file={config}", $"--storage.path={storage}", $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=info"]);
        try
        {
            await process.WaitForLineAsync("Listening", TimeSpan.FromSeconds(60));
            return new Peer(process, port);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    private sealed record Peer(RunningProgram Process, int Port) : IDisposable
    {
        public void Dispose() => Process.Dispose();
    }
}
