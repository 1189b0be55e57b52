namespace Monitor.Collector.Store;

/// <summary>A write to the store that failed (a full disk, a lost database), with no write gone through since.</summary>
/// <param name="At">When it failed, by the collector's clock.</param>
/// <param name="Since">When the writes began to fail (the first failure after the last success).</param>
/// <param name="Message">What the database said, e.g. "database or disk is full".</param>
public sealed record StoreWriteFailure(DateTimeOffset At, DateTimeOffset Since, string Message);
