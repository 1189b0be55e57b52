namespace Monitor.Agent.Outbox;

/// <summary>A revision could not be written to the outbox (disk full, size bound reached, I/O error); nothing stored before is affected.</summary>
public sealed class OutboxWriteException : Exception
{
    /// <summary>Creates the error.</summary>
    public OutboxWriteException(string message, Exception? innerException = null) : base(message, innerException) { }

    /// <summary>Creates the error.</summary>
    public OutboxWriteException() { }

    /// <summary>Creates the error.</summary>
    public OutboxWriteException(string message) : base(message) { }
}
