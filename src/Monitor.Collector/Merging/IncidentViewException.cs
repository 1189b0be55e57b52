namespace Monitor.Collector.Merging;

/// <summary>The view of one stored incident cannot be built; already logged and counted.</summary>
public sealed class IncidentViewException : Exception
{
    /// <summary>Creates the exception with the sentence a page shows and the cause.</summary>
    public IncidentViewException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the sentence a page shows.</summary>
    public IncidentViewException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message; prefer the other constructors.</summary>
    public IncidentViewException()
    {
    }
}
