namespace Monitor.Agent.Sources;

/// <summary>A source could not read; the message names the source and the place (a file, a line, a URL, a command).</summary>
public sealed class SourceReadException : Exception
{
    /// <summary>Creates the error.</summary>
    public SourceReadException(string source, string message, Exception? innerException = null)
        : base($"source {source}: {message}", innerException)
    {
        SourceName = source;
    }

    /// <summary>Creates the error.</summary>
    public SourceReadException() { }

    /// <summary>Creates the error.</summary>
    public SourceReadException(string message) : base(message) { }

    /// <summary>Creates the error.</summary>
    public SourceReadException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The source's name.</summary>
    public string SourceName { get; } = "";
}
