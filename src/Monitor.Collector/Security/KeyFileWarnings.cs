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
        var path = options.Tls.KeyPath;
        if (OperatingSystem.IsWindows() || string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return;
        }

        if ((File.GetUnixFileMode(path) & (UnixFileMode.OtherRead | UnixFileMode.GroupRead | UnixFileMode.OtherWrite | UnixFileMode.GroupWrite)) != 0)
        {
            log.LogWarning(
                "Collector:Tls:KeyPath ({File}) can be read by other users of this machine; expected chmod 600, owned by the collector's user",
                Path.GetFullPath(path));
        }
    }
}
