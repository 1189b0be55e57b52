using Monitor.Contracts.V1;

namespace Monitor.Agent.Outbox;

/// <summary>
/// The only way out of the agent. A revision stays until the collector acknowledged its
/// idempotency key; order is kept. Revisions the collector refuses as malformed are parked, not
/// dropped, so a person can look at them.
/// </summary>
public interface IOutbox
{
    /// <summary>Why the last write failed, while writes fail; null once one succeeds.</summary>
    string? LastWriteError => null;

    /// <summary>Revisions waiting.</summary>
    int Count { get; }

    /// <summary>Revisions refused by the collector and kept aside.</summary>
    IReadOnlyList<PendingRevision> Parked { get; }

    /// <summary>Adds a revision at the end.</summary>
    ValueTask AppendAsync(IncidentRevision revision, CancellationToken cancellationToken);

    /// <summary>The oldest revisions, at most <paramref name="max"/>, without removing them.</summary>
    IReadOnlyList<PendingRevision> Peek(int max);

    /// <summary>Removes the revisions whose idempotency keys the collector acknowledged.</summary>
    void Acknowledge(IReadOnlyCollection<string> idempotencyKeys);

    /// <summary>Moves a refused revision aside, with the collector's reason.</summary>
    void Park(PendingRevision revision, string reason);

    /// <summary>Completes when nothing is waiting any more (every revision acknowledged or parked).</summary>
    Task WaitUntilEmptyAsync(CancellationToken cancellationToken);

    /// <summary>Completes when the outbox holds something, or when cancelled.</summary>
    Task WaitForRevisionsAsync(CancellationToken cancellationToken);
}
