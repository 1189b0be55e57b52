namespace Monitor.EndToEnd.Tests.Drills;

/// <summary>One row of the collector's revisions table; <see cref="Arrival"/> is its SQLite rowid, the order rows were inserted in.</summary>
internal sealed record ArrivedRevision(long Arrival, string IncidentId, long Revision, string IdempotencyKey);
