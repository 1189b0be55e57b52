using Monitor.Contracts.V1;

namespace Monitor.Collector.Store;

/// <summary>
/// The words for states and severities wherever a person reads them: the database (so
/// <c>sqlite3</c> shows "open" rather than 1), the JSON API and the terminal summary.
/// </summary>
public static class IncidentWords
{
    /// <summary>"open", "recovering" or "resolved".</summary>
    public static string Of(IncidentState state) => state switch
    {
        IncidentState.Open => "open",
        IncidentState.Recovering => "recovering",
        IncidentState.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Only validated revisions have a word."),
    };

    /// <summary>"info", "warning" or "critical".</summary>
    public static string Of(Severity severity) => severity switch
    {
        Severity.Info => "info",
        Severity.Warning => "warning",
        Severity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "Only validated revisions have a word."),
    };

    /// <summary>The state for a word from <see cref="Of(IncidentState)"/>; unspecified for anything else.</summary>
    public static IncidentState ParseState(string text) => text switch
    {
        "open" => IncidentState.Open,
        "recovering" => IncidentState.Recovering,
        "resolved" => IncidentState.Resolved,
        _ => IncidentState.Unspecified,
    };

    /// <summary>The severity for a word from <see cref="Of(Severity)"/>; unspecified for anything else.</summary>
    public static Severity ParseSeverity(string text) => text switch
    {
        "info" => Severity.Info,
        "warning" => Severity.Warning,
        "critical" => Severity.Critical,
        _ => Severity.Unspecified,
    };
}
