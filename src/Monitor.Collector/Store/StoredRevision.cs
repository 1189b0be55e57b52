using Monitor.Contracts.V1;

namespace Monitor.Collector.Store;

/// <summary>One revision as the collector received it: who pushed it and when.</summary>
public sealed record StoredRevision(IncidentRevision Revision, string AgentId, string Host, DateTimeOffset ReceivedAt);
