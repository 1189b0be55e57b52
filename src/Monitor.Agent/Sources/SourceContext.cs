using Microsoft.Extensions.Logging;

namespace Monitor.Agent.Sources;

/// <summary>What a source may use besides its options.</summary>
/// <param name="Host">This host's name: raw ids are scoped by it ("mail01/sdc").</param>
/// <param name="Clock">Time; a source never reads the ambient clock.</param>
/// <param name="Health">Where the source's outcome is recorded for /healthz.</param>
/// <param name="Logs">Loggers.</param>
public sealed record SourceContext(string Host, TimeProvider Clock, SourceHealth Health, ILoggerFactory Logs)
{
    /// <summary>A raw id on this host, e.g. "mail01/sdc".</summary>
    public string OnThisHost(string name) => $"{Host}/{name}";
}
