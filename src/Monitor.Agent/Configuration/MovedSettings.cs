namespace Monitor.Agent.Configuration;

/// <summary>
/// Settings that moved to another section: a configuration written for an older agent is still
/// refused (two places for one setting would be worse), but the message says where it went.
/// </summary>
public static class MovedSettings
{
    private static readonly Dictionary<string, string> Moves = new(StringComparer.OrdinalIgnoreCase)
    {
        // The incident lifecycle left the rule thresholds (issue 15).
        ["Agent:Detection:QuietPeriod"] = "Agent:Incidents:QuietPeriod",
        ["Agent:Detection:ReopenWindow"] = "Agent:Incidents:ReopenWindow",
        ["Agent:Detection:ChangeLookback"] = "Agent:Incidents:ChangeLookback",
    };

    /// <summary>Where <paramref name="key"/> is written now, or null when it never moved.</summary>
    public static string? NewPlaceOf(string key) => Moves.GetValueOrDefault(key);
}
