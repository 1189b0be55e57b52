namespace Monitor.Collector.Store;

/// <summary>
/// A revision number came back with a different idempotency key than the one stored: two
/// different revisions claim the same number, so the store refuses the whole batch rather
/// than guess which one is true.
/// </summary>
public sealed class RevisionConflictException : Exception
{
    /// <summary>Creates the exception with a message naming the revision.</summary>
    public RevisionConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public RevisionConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message; prefer the other constructors.</summary>
    public RevisionConflictException()
    {
    }
}
