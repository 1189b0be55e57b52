using Monitor.Contracts.V1;

namespace Monitor.EndToEnd.Tests.Chaos;

/// <summary>
/// One revision an honest agent means to deliver: made at <see cref="Due"/> (run time), sent
/// until the collector acknowledges it, as a real agent's outbox does.
/// </summary>
internal sealed class PlannedRevision(TimeSpan due, string incidentId, long number, IncidentState state)
{
    public TimeSpan Due { get; } = due;

    public string IncidentId { get; } = incidentId;

    public long Number { get; } = number;

    public IncidentState State { get; } = state;

    public string IdempotencyKey => $"{IncidentId}/{Number}";

    /// <summary>The revision as sent, made once it is due.</summary>
    public IncidentRevision? Revision { get; set; }

    /// <summary>Run time of the first push that carried it.</summary>
    public TimeSpan? FirstSent { get; set; }

    /// <summary>Run time the collector acknowledged it (stored, duplicate or stale).</summary>
    public TimeSpan? Acknowledged { get; set; }

    /// <summary>Pushes that carried it.</summary>
    public int Attempts { get; set; }
}
