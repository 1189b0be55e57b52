using Monitor.Core.Signals;

namespace Monitor.Agent.Sources;

/// <summary>
/// `sample NAME`: what one source reads right now, as OpenMetrics text with Monitor's metric
/// names, so an operator checks a host (or a captured tree, or a saved command output) before
/// enabling the source. Reads twice, a second apart, so that counters show as rates.
/// </summary>
public static class SampleCommand
{
    /// <summary>Gap between the two reads.</summary>
    public static readonly TimeSpan Gap = TimeSpan.FromSeconds(1);

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(
        SourceDefinition definition, SourcesOptions sources, SourceContext context, TextWriter output, TextWriter error, CancellationToken cancellationToken, TimeSpan? gap = null)
    {
        var source = definition.Create(sources, context);
        try
        {
            await source.ReadOnceAsync(cancellationToken);
            await Task.Delay(gap ?? Gap, context.Clock, cancellationToken);
            var reading = await source.ReadOnceAsync(cancellationToken);
            OpenMetricsWriter.Write(output, reading.Samples);
            foreach (var siteEvent in reading.Events)
            {
                await error.WriteLineAsync($"event {siteEvent.Time:O} {siteEvent.Kind} {siteEvent.Entity}: {siteEvent.Text}");
            }

            return 0;
        }
        catch (SourceReadException e)
        {
            await error.WriteLineAsync($"monitor-agent: {e.Message}");
            return 1;
        }
    }
}
