namespace Monitor.Agent.Delivery;

/// <summary>
/// What /healthz says about delivery: whether the collector refuses this agent
/// (Unauthenticated, PermissionDenied), a configuration problem no retry fixes and a person must;
/// and since when pushes have failed, so that an agent whose incidents reach no one is unhealthy
/// once that has lasted (Agent:Collector:UnhealthyAfter).
/// </summary>
public sealed class DeliveryHealth
{
    private readonly Lock _lock = new();
    private string? _refusal;
    private DateTimeOffset? _failingSince;
    private string? _lastFailure;

    /// <summary>Why the collector refused the last push, until one is accepted; null when none was refused.</summary>
    public string? Refusal
    {
        get
        {
            lock (_lock)
            {
                return _refusal;
            }
        }
    }

    /// <summary>When pushes started failing (the first failure since the last accepted push), and the newest reason; null while they go through.</summary>
    public (DateTimeOffset Since, string Why)? Failing
    {
        get
        {
            lock (_lock)
            {
                return _failingSince is { } since ? (since, _lastFailure ?? "") : null;
            }
        }
    }

    /// <summary>Records a refusal.</summary>
    public void Refused(DateTimeOffset at, string why)
    {
        lock (_lock)
        {
            _refusal = why;
            _failingSince ??= at;
            _lastFailure = why;
        }
    }

    /// <summary>Records a push that failed (unreachable, an error); the first failure starts the clock.</summary>
    public void Failed(DateTimeOffset at, string why)
    {
        lock (_lock)
        {
            _failingSince ??= at;
            _lastFailure = why;
        }
    }

    /// <summary>Records an accepted push: whatever was wrong has been fixed.</summary>
    public void Accepted()
    {
        lock (_lock)
        {
            _refusal = null;
            _failingSince = null;
            _lastFailure = null;
        }
    }
}
