namespace Monitor.Collector.Ingest;

/// <summary>Who a push comes from, as its connection proves it (not as the request says).</summary>
/// <param name="Kind">How the agent proved it.</param>
/// <param name="AgentId">The agent's id from its certificate's CN or its token; null in open mode.</param>
/// <param name="Site">The site from the certificate's OU; empty when it has none, and for tokens and open mode.</param>
/// <param name="Subject">The certificate's subject, for messages; empty otherwise.</param>
public sealed record AgentCredential(AgentCredentialKind Kind, string? AgentId, string Site, string Subject)
{
    /// <summary>No authentication configured: the request's word is taken.</summary>
    public static AgentCredential Open { get; } = new(AgentCredentialKind.Open, null, "", "");
}
