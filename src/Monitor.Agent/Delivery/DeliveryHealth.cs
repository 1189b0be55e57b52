namespace Monitor.Agent.Delivery;

/// <summary>
/// What /healthz says about delivery: whether the collector refuses this agent
/// (Unauthenticated, PermissionDenied), a configuration problem no retry fixes and a person must.
/// </summary>
public sealed class DeliveryHealth
{
    private volatile string? _refusal;

    /// <summary>Why the collector refused the last push, until one is accepted; null when none was refused.</summary>
    public string? Refusal => _refusal;

    /// <summary>Records a refusal.</summary>
    public void Refused(string why) => _refusal = why;

    /// <summary>Records an accepted push: whatever was wrong has been fixed.</summary>
    public void Accepted() => _refusal = null;
}
