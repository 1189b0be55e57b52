namespace Monitor.Collector.Store;

/// <summary>
/// An agent incident already has <c>Collector:Limits:MaxRevisionsPerIncident</c> revisions and a
/// new one arrived: a loop on the agent, or a flood, should not grow the history without end.
/// Nothing of the batch is saved.
/// </summary>
public sealed class RevisionLimitException : Exception
{
    /// <summary>Creates the exception with a message naming the revision.</summary>
    public RevisionLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public RevisionLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message; prefer the other constructors.</summary>
    public RevisionLimitException()
    {
    }
}
