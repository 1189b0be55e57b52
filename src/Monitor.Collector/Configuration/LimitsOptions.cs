namespace Monitor.Collector.Configuration;

/// <summary>
/// What one push may carry and how often an agent may push, bound from <c>Collector:Limits</c>.
/// Anything beyond is refused with a status the agent acts on (see each setting).
/// </summary>
public sealed class LimitsOptions
{
    /// <summary>
    /// Largest gRPC message accepted from an agent, in bytes; a bigger one is refused with
    /// <c>INVALID_ARGUMENT</c> (the agent splits its batches below its own limit). Default: 4 MiB.
    /// </summary>
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Longest free-text field in a push (title, explanation, timeline text, ...), in UTF-8 bytes,
    /// so Japanese text counts three a character; longer is <c>INVALID_ARGUMENT</c> naming the field. Default: 4096.
    /// </summary>
    public int MaxStringLength { get; set; } = 4096;

    /// <summary>
    /// Most revisions kept for one agent incident; a new revision beyond is
    /// <c>FAILED_PRECONDITION</c> (a duplicate of a stored one is still acknowledged). Default: 1000.
    /// </summary>
    public int MaxRevisionsPerIncident { get; set; } = 1000;

    /// <summary>
    /// Pushes each agent may make per second, on average; beyond is <c>RESOURCE_EXHAUSTED</c>
    /// saying when to retry. Counted per authenticated agent. Default: 20.
    /// </summary>
    public double PushesPerAgentPerSecond { get; set; } = 20;

    /// <summary>Pushes an agent may make at once after being quiet (the bucket's size). Default: 40.</summary>
    public int PushBurst { get; set; } = 40;
}
