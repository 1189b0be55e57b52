namespace Monitor.Agent.Configuration;

/// <summary>
/// The configuration cannot be used. The message names the key, the value and what is expected;
/// the agent prints it and exits with code 2 instead of starting half-configured.
/// </summary>
public sealed class ConfigurationError : Exception
{
    /// <summary>Creates the error.</summary>
    public ConfigurationError(string message) : base(message) { }

    /// <summary>Creates the error with its cause.</summary>
    public ConfigurationError(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the error.</summary>
    public ConfigurationError() { }
}
