namespace Monitor.Agent.Sources;

/// <summary>
/// A reader of one real interface (a file, a command, an API, a recording). It only reads and
/// translates into samples; it never decides. This folder holds what every source uses; the sources
/// themselves are in Storage/, Mail/ and Changes/, each declaring its name and options once (its
/// Definition, listed in SourceRegistry). A source runs isolated: when it fails, it is reported
/// and the others go on.
/// </summary>
public interface ISource
{
    /// <summary>Name in metrics, logs and `sample NAME`, e.g. "diskstats".</summary>
    string Name { get; }

    /// <summary>Produces batches until cancelled or, for a finite source such as a replay, until done.</summary>
    IAsyncEnumerable<SourceBatch> RunAsync(CancellationToken cancellationToken);
}
