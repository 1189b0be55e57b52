using Monitor.Contracts.V1;

namespace Monitor.Agent.Outbox;

/// <summary>A revision waiting for the collector's acknowledgement.</summary>
/// <param name="Sequence">Position in the outbox; revisions leave in this order.</param>
/// <param name="Revision">The wire message.</param>
public sealed record PendingRevision(long Sequence, IncidentRevision Revision);
