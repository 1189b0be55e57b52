namespace Monitor.Collector.Store;

/// <summary>What was stored, so a subscriber can ignore what does not concern it.</summary>
public enum StoredChangeKind
{
    /// <summary>Revisions from an agent that are now the newest of their incidents.</summary>
    Revisions,

    /// <summary>An on-call action (acknowledge, resolve, note) on a merged incident.</summary>
    Action,
}
