namespace Monitor.Agent.Delivery;

/// <summary>
/// No configured collector could be reached for a push: each was down, did not answer in time, or
/// had its circuit open. The revisions stay in the outbox; the message says why for each.
/// </summary>
public sealed class CollectorUnreachableException : Exception
{
    /// <summary>Creates the error.</summary>
    public CollectorUnreachableException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the error.</summary>
    public CollectorUnreachableException(string message) : base(message) { }

    /// <summary>Creates the error.</summary>
    public CollectorUnreachableException() { }
}
