namespace Monitor.Agent.Sources;

/// <summary>
/// A reader of one real interface (a file, a command, an API, a recording). It only reads and
/// translates into samples; it never decides. Each source is one file in this folder, enabled by
/// name in config, and runs isolated: when it fails, it is reported and the others go on.
/// </summary>
public interface ISource
{
    /// <summary>Name, as in config (Agent:Sources:&lt;Name&gt;) and in metrics.</summary>
    string Name { get; }

    /// <summary>Produces batches until cancelled or, for a finite source such as a replay, until done.</summary>
    IAsyncEnumerable<SourceBatch> RunAsync(CancellationToken cancellationToken);
}
