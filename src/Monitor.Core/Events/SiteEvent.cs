namespace Monitor.Core.Events;

/// <summary>What sort of event.</summary>
public enum SiteEventKind
{
    /// <summary>A change someone made: firmware update, configuration change, maintenance.</summary>
    Change = 1,

    /// <summary>A log line from a device or a daemon.</summary>
    Log = 2,

    /// <summary>A note from a person or a runbook.</summary>
    Note = 3,
}

/// <summary>An event at the site: a change, a log line or a note, with its time.</summary>
/// <param name="Time">When.</param>
/// <param name="Kind">What sort.</param>
/// <param name="Entity">Topology entity concerned, if any.</param>
/// <param name="Source">Where it came from, e.g. "storage-syslog", "postfix".</param>
/// <param name="Text">The event itself.</param>
/// <param name="Until">
/// For a planned change, the end of its maintenance window: what the change is expected to cause
/// at its entity (a controller taken down for a failover test) opens no incident until then.
/// </param>
public sealed record SiteEvent(DateTimeOffset Time, SiteEventKind Kind, string? Entity, string? Source, string Text, DateTimeOffset? Until = null)
{
    /// <summary>Whether this is a planned maintenance window covering <paramref name="time"/>.</summary>
    public bool Covers(DateTimeOffset time) => Kind == SiteEventKind.Change && Until is { } until && time >= Time && time <= until;
}
