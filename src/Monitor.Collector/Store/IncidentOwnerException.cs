namespace Monitor.Collector.Store;

/// <summary>
/// A revision names an agent incident that another agent pushed: incident ids are chosen by
/// their agent, so only that agent may add revisions. Nothing of the batch is saved.
/// </summary>
public sealed class IncidentOwnerException : Exception
{
    /// <summary>Creates the exception with a message naming the revision.</summary>
    public IncidentOwnerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public IncidentOwnerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message; prefer the other constructors.</summary>
    public IncidentOwnerException()
    {
    }
}
