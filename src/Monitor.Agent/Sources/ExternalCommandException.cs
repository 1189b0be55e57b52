namespace Monitor.Agent.Sources;

/// <summary>A program the source runs did not give a usable answer; the message names the command line.</summary>
internal sealed class ExternalCommandException : Exception
{
    public ExternalCommandException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
