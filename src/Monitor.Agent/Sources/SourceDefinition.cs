namespace Monitor.Agent.Sources;

/// <summary>How a polled source is found by name, configured and built.</summary>
/// <param name="Name">Name in metrics, logs and `sample NAME`, e.g. "diskstats".</param>
/// <param name="ConfigKey">Its section under Agent:Sources, e.g. "DiskStats".</param>
/// <param name="Options">Picks its options out of the sources' options.</param>
/// <param name="Create">Builds it.</param>
public sealed record SourceDefinition(
    string Name,
    string ConfigKey,
    Func<Options.SourcesOptions, SourceOptions> Options,
    Func<SourceOptions, SourceContext, PolledSource> Create);
