namespace Monitor.Core.Incidents;

/// <summary>Where an incident is in its life.</summary>
public enum IncidentState
{
    /// <summary>Findings are active.</summary>
    Open = 1,

    /// <summary>Findings cleared; waiting out the quiet period before resolving.</summary>
    Recovering = 2,

    /// <summary>Quiet for the whole quiet period.</summary>
    Resolved = 3,
}
