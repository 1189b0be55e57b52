namespace Monitor.Collector.Store;

/// <summary>A merged incident on-call must still hear about, and the agent that opened it (so that each agent's incidents take their turn).</summary>
/// <param name="MergedId">The merged incident's id.</param>
/// <param name="Owner">The agent that opened its first agent incident; empty when not known.</param>
public sealed record AlertCandidate(string MergedId, string Owner);
