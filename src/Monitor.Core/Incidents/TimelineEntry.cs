namespace Monitor.Core.Incidents;

/// <summary>What goes on an incident's timeline.</summary>
public enum TimelineKind
{
    /// <summary>The incident was opened.</summary>
    Detected = 1,

    /// <summary>A new finding joined the incident.</summary>
    Finding = 2,

    /// <summary>A change someone made (firmware update, config change) to an entity of the incident.</summary>
    Change = 3,

    /// <summary>All findings cleared.</summary>
    Recovered = 4,

    /// <summary>Quiet for the whole quiet period.</summary>
    Resolved = 5,

    /// <summary>Trouble came back before or after resolution.</summary>
    Reopened = 6,

    /// <summary>A log line about an entity of the incident.</summary>
    Log = 7,

    /// <summary>A note from a person or a runbook.</summary>
    Note = 8,
}

/// <summary>One entry of an incident's timeline.</summary>
/// <param name="Time">When.</param>
/// <param name="Kind">What sort of entry.</param>
/// <param name="Text">What happened, in one line.</param>
/// <param name="Entity">Entity concerned, if any.</param>
public sealed record TimelineEntry(DateTimeOffset Time, TimelineKind Kind, string Text, string? Entity);
