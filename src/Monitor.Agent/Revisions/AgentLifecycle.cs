using System.Collections.Concurrent;
using Monitor.Contracts.V1;
using Monitor.Core.Incidents;

namespace Monitor.Agent.Revisions;

/// <summary>
/// Where the agent is in a finite run (a replay): every source finished and every batch evaluated;
/// and what the collector acknowledged. A live agent never finishes; it only uses the acknowledgements.
/// </summary>
public sealed class AgentLifecycle
{
    private readonly TaskCompletionSource _detectionDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, string> _incidentUrls = new(StringComparer.Ordinal);

    /// <summary>Completes when the detection worker has evaluated the last batch of finite sources.</summary>
    public Task DetectionDone => _detectionDone.Task;

    /// <summary>Where the collector shows each incident, by incident id, when it said so.</summary>
    public IReadOnlyDictionary<string, string> IncidentUrls => _incidentUrls;

    /// <summary>Acknowledgements received so far.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    private long _acknowledged;

    internal void DetectionFinished() => _detectionDone.TrySetResult();

    internal void Delivered(IEnumerable<Acknowledgement> acknowledgements)
    {
        foreach (var ack in acknowledgements)
        {
            Interlocked.Increment(ref _acknowledged);
            // A collector before v1.2 does not name the incident: its key does.
            var id = ack.IncidentId.Length > 0 ? ack.IncidentId : IdempotencyKey.TryParse(ack.IdempotencyKey, out var parsed, out _) ? parsed : null;
            if (ack.IncidentUrl.Length > 0 && id is not null)
            {
                _incidentUrls[id] = ack.IncidentUrl;
            }
        }
    }
}
