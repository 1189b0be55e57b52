namespace Monitor.Core.Findings.Messages;

/// <summary>The sentences of the access paths' and FC ports' findings.</summary>
public static class PathMessages
{
    /// <summary>Every entry.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = [];
}
