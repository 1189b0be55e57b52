using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Agent.Revisions;
using OpenTelemetry.Trace;

namespace Monitor.Agent.Tests.Telemetry;

/// <summary>The agent's own health: /metrics and /healthz on a real loopback port, and the OTLP switch.</summary>
public sealed class AgentEndpointTests
{
    private static string[] Replay(params string[] extra) =>
        ["replay", RepositoryPaths.Scenario("cty-2017"), "--speed", "0", "--Agent:Collector:Address=", "--Agent:ExitWhenDone=false", .. extra];

    [Fact]
    public async Task Metrics_AfterAReplay_ShowSourceHealthPipelineAndTheSamplesUnderTheirCatalogNames()
    {
        using var host = AgentApplication.Build(Replay("--Agent:Http:Listen=http://127.0.0.1:0"), TextWriter.Null);
        await host.StartAsync();
        try
        {
            // Deterministic: the detection worker says when it has evaluated the last batch.
            await host.Services.GetRequiredService<AgentLifecycle>().DetectionDone.WaitAsync(TimeSpan.FromMinutes(1));
            var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var http = new HttpClient { BaseAddress = new Uri(address) };

            var metrics = await http.GetStringAsync("/metrics");
            var health = await http.GetAsync("/healthz");

            Assert.Contains("monitor_agent_source_up{source=\"replay\"} 1", metrics, StringComparison.Ordinal);
            Assert.Contains("monitor_agent_samples_read_total{source=\"replay\"}", metrics, StringComparison.Ordinal);
            Assert.Contains("monitor_agent_revisions_total", metrics, StringComparison.Ordinal);
            Assert.Contains("monitor_agent_incidents_open 0", metrics, StringComparison.Ordinal);
            Assert.Contains("monitor_controller_iops{controller=\"ctl-b\"}", metrics, StringComparison.Ordinal);
            Assert.Contains("monitor_probe_success{service=\"cty-mail\",function=\"pop3\"} 1", metrics, StringComparison.Ordinal);
            Assert.True(health.IsSuccessStatusCode, await health.Content.ReadAsStringAsync());
            Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void Build_WithOtlpEndpoint_RegistersTracing()
    {
        using var host = AgentApplication.Build(Replay("--Agent:Telemetry:OtlpEndpoint=http://127.0.0.1:4317"), TextWriter.Null);

        Assert.NotNull(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void Build_WithoutOtlpEndpoint_ExportsNothing()
    {
        using var host = AgentApplication.Build(Replay(), TextWriter.Null);

        Assert.Null(host.Services.GetService<TracerProvider>());
    }
}
