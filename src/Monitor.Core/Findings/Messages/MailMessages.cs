namespace Monitor.Core.Findings.Messages;

/// <summary>The sentences of the mail functions', queues' and deliveries' findings.</summary>
public static class MailMessages
{
    /// <summary>Every entry.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = [];
}
