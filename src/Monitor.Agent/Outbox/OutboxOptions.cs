namespace Monitor.Agent.Outbox;

/// <summary>The durable outbox (Agent:Outbox).</summary>
public sealed class OutboxOptions
{
    /// <summary>Keep revisions on disk (true) or in memory only (false: a replay, a test). Default true.</summary>
    public bool Durable { get; set; } = true;

    /// <summary>Folder of the segment files and the ledger. Default "data/outbox".</summary>
    public string Path { get; set; } = "data/outbox";

    /// <summary>A segment is closed and a new one started past this size. Default 4 MiB.</summary>
    public long SegmentBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>New revisions are refused (loudly) past this much unacknowledged data. Default 256 MiB.</summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>A warning is logged once the outbox holds this share of <see cref="MaxBytes"/>. Default 0.8.</summary>
    public double WarnAt { get; set; } = 0.8;
}
