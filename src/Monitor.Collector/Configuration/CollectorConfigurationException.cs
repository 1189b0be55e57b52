namespace Monitor.Collector.Configuration;

/// <summary>
/// The collector's configuration cannot be used: a missing or unreadable file, an unknown key,
/// or a value out of range. The message is one line meant for the operator.
/// </summary>
public sealed class CollectorConfigurationException : Exception
{
    /// <summary>Creates the exception with a message for the operator.</summary>
    public CollectorConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for the operator and the cause.</summary>
    public CollectorConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message; prefer the other constructors.</summary>
    public CollectorConfigurationException()
    {
    }
}
