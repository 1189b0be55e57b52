namespace Monitor.Contracts.V1;

/// <summary>How to read the findings observed on a link from agents old and new.</summary>
public sealed partial class CausalLink
{
    private static readonly char[] LegacySeparator = [','];

    /// <summary>
    /// The findings observed at <see cref="ToEntity"/>: <see cref="ObservedKinds"/> when the agent
    /// sent it (v1.2 on), else <see cref="ObservedKind"/> split at commas (older agents).
    /// </summary>
    public IReadOnlyList<string> ReadObservedKinds() =>
        ObservedKinds.Count > 0
            ? ObservedKinds
            : ObservedKind.Split(LegacySeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
