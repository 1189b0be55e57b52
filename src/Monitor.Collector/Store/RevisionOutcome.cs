namespace Monitor.Collector.Store;

/// <summary>What the store did with one pushed revision.</summary>
public enum RevisionOutcome
{
    /// <summary>Stored now, and it is the newest revision of its incident.</summary>
    Stored,

    /// <summary>This (incident id, revision) was already stored with the same idempotency key.</summary>
    Duplicate,

    /// <summary>Older than the newest stored revision: kept in the history, the incident view unchanged.</summary>
    Stale,
}
