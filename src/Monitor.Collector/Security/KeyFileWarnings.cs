using Monitor.Collector.Configuration;

namespace Monitor.Collector.Security;

/// <summary>
/// Says at start when the collector's TLS private key can be read by other users of the machine,
/// as for password and token files: whoever reads it can pose as the collector to every agent.
/// </summary>
internal static class KeyFileWarnings
{
    /// <summary>Logs a warning when <c>Collector:Tls:KeyPath</c> is readable by group or others (Unix only).</summary>
    public static void Log(ILogger log, CollectorOptions options)
    {
        if (Contracts.Security.PrivateKeyFile.Warning("Collector:Tls:KeyPath", options.Tls.KeyPath, "the collector") is { } warning)
        {
            log.LogWarning("{Warning}", warning);
        }
    }
}
