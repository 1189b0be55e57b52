using System.Globalization;
using Microsoft.Extensions.Logging;
using Monitor.Agent.Sources;
using Monitor.Agent.Telemetry;
using Monitor.Core.Topology;

namespace Monitor.Agent;

/// <summary>
/// `check-config`: validates the configuration and the topology without starting the agent, then
/// reads each enabled source once and says what it saw on this host: how many samples about which
/// entities, and which of those entities the topology does not know (what no rule would look at).
/// Exit code 0 when everything is valid and every source read; 1 when a source could not read;
/// 2 when the configuration or the topology is not valid (told as `run` tells it).
/// </summary>
public static class ConfigurationCheck
{
    /// <summary>Runs the check; returns the process exit code.</summary>
    public static async Task<int> RunAsync(AgentOptions options, SiteTopology topology, string configPath, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"configuration {configPath}: valid");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"topology {options.TopologyPath}: site {topology.Site.Name}, {topology.Controllers.Count} controllers, {topology.Paths.Count} access paths, {topology.Services.Count} mail services, {topology.Populations.Count} populations"));
        await output.WriteLineAsync($"agent {options.AgentId} on host {options.Host}; collector {(options.Collector.Address.Length > 0 ? options.Collector.Address : "none (revisions stay in the outbox)")}; outbox {options.Outbox.Path}");

        var enabled = SourceRegistry.All.Where(d => d.Options(options.Sources).Enabled).ToList();
        if (enabled.Count == 0)
        {
            await output.WriteLineAsync("sources: none enabled; the agent would read nothing (enable one under Agent:Sources)");
            return 0;
        }

        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).AddFilter("Monitor", LogLevel.Warning)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        using var metrics = new AgentMetrics();
        var context = new SourceContext(options.Host, TimeProvider.System, new SourceHealth(), logs, metrics, topology.MailDomains);
        var failed = 0;
        var sources = enabled.Select(d => (Definition: d, Source: d.Create(options.Sources, context))).ToList();
        try
        {
            // Two reads a second apart, as `sample` does: counters (diskstats, FC errors) show as rates.
            foreach (var (_, source) in sources)
            {
                await TryReadAsync(source, cancellationToken);
            }

            await Task.Delay(SampleCommand.Gap, TimeProvider.System, cancellationToken);
            foreach (var (definition, source) in sources)
            {
                var every = definition.Options(options.Sources).Interval;
                var (reading, error) = await TryReadAsync(source, cancellationToken);
                if (reading is null)
                {
                    failed++;
                    await output.WriteLineAsync($"source {definition.Name} (every {every}): FAILED: {error}");
                    continue;
                }

                var entities = reading.Samples.Select(s => s.Entity).Distinct(StringComparer.Ordinal).ToList();
                var unknown = entities.Where(e => topology.Find(topology.Resolve(e)) is null).ToList();
                var metricCount = reading.Samples.Select(s => s.Metric).Distinct(StringComparer.Ordinal).Count();
                var events = reading.Events.Count > 0 ? $", {reading.Events.Count} events" : "";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"source {definition.Name} (every {every}): read {reading.Samples.Count} samples of {metricCount} metrics about {entities.Count} entities{events}"));
                if (unknown.Count > 0)
                {
                    var more = unknown.Count > 10 ? $" and {unknown.Count - 10} more" : "";
                    await output.WriteLineAsync($"  not in the topology, so no rule looks at them: {string.Join(", ", unknown.Take(10))}{more} (add them, or aliases for them)");
                }
            }
        }
        finally
        {
            foreach (var (_, source) in sources)
            {
                (source as IDisposable)?.Dispose();
            }
        }

        return failed == 0 ? 0 : 1;
    }

    private static async Task<(SourceReading? Reading, string? Error)> TryReadAsync(PolledSource source, CancellationToken cancellationToken)
    {
        try
        {
            return (await source.ReadOnceAsync(cancellationToken), null);
        }
        catch (SourceReadException e)
        {
            return (null, e.Message);
        }
    }
}
