using Google.Protobuf;
using Monitor.Agent.Outbox;
using Monitor.Contracts.V1;

namespace Monitor.Agent.Delivery;

/// <summary>
/// Cuts a batch into pushes that each fit Agent:Collector:MaxMessageBytes, in order: a collector
/// refuses a bigger message whole (ResourceExhausted), and would refuse it again on every retry.
/// A revision that cannot fit even alone is set apart, to be parked with the reason.
/// </summary>
public static class PushSplitter
{
    /// <summary>The pushes, in outbox order, and the revisions too large to send.</summary>
    /// <param name="agent">The identity every push carries.</param>
    /// <param name="batch">Revisions in outbox order.</param>
    /// <param name="maxBytes">Largest serialized request.</param>
    public static (IReadOnlyList<IReadOnlyList<PendingRevision>> Pushes, IReadOnlyList<(PendingRevision Revision, int Bytes)> TooLarge) Split(
        AgentIdentity agent, IReadOnlyList<PendingRevision> batch, int maxBytes)
    {
        var envelope = new PushRevisionsRequest { Agent = agent }.CalculateSize();
        var pushes = new List<IReadOnlyList<PendingRevision>>();
        var tooLarge = new List<(PendingRevision, int)>();
        var current = new List<PendingRevision>();
        var size = envelope;
        foreach (var pending in batch)
        {
            // A repeated message field costs its tag (one byte for field 2), the length, the bytes.
            var bytes = 1 + CodedOutputStream.ComputeMessageSize(pending.Revision);
            if (envelope + bytes > maxBytes)
            {
                tooLarge.Add((pending, envelope + bytes));
                continue;
            }

            if (size + bytes > maxBytes)
            {
                pushes.Add(current);
                current = [];
                size = envelope;
            }

            current.Add(pending);
            size += bytes;
        }

        if (current.Count > 0)
        {
            pushes.Add(current);
        }

        return (pushes, tooLarge);
    }

    /// <summary>The request for one push.</summary>
    public static PushRevisionsRequest Request(AgentIdentity agent, IEnumerable<PendingRevision> revisions)
    {
        var request = new PushRevisionsRequest { Agent = agent };
        request.Revisions.AddRange(revisions.Select(p => p.Revision));
        return request;
    }
}
