namespace Monitor.Collector.Configuration;

/// <summary>
/// Where the collector's settings come from, weakest first: built-in defaults, the JSON file
/// (<c>--config &lt;path&gt;</c>, or <c>config/collector.json</c> under the current directory
/// when it exists), environment variables (<c>Collector__TimeZone</c>), the command line
/// (<c>--Collector:TimeZone=UTC</c>).
/// </summary>
internal static class CollectorConfigurationSources
{
    /// <summary>The command-line key that names the file.</summary>
    public const string ArgumentKey = "config";

    /// <summary>The file used when no <c>--config</c> is given.</summary>
    public static readonly string DefaultRelativePath = Path.Combine("config", "collector.json");

    /// <summary>Defaults outside the Collector section: request logs only when something goes wrong.</summary>
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    /// <summary>Adds the sources to <paramref name="configuration"/>; returns the file's full path, or null without one.</summary>
    public static string? Add(ConfigurationManager configuration, string[] args)
    {
        var path = Resolve(configuration[ArgumentKey]);
        configuration.AddInMemoryCollection(Defaults);
        if (path is not null)
        {
            AddFile(configuration, path);
        }

        // Settings given for this run win over the file.
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
        return path;
    }

    private static void AddFile(ConfigurationManager configuration, string path)
    {
        try
        {
            configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // Malformed JSON arrives wrapped; the innermost message names the line and position.
            var innermost = ex;
            while (innermost.InnerException is not null)
            {
                innermost = innermost.InnerException;
            }

            if (innermost is System.Text.Json.JsonException { LineNumber: { } line, BytePositionInLine: { } column })
            {
                throw new CollectorConfigurationException($"{path}: not valid JSON at line {line + 1}, column {column + 1}: {innermost.Message}", ex);
            }

            var detail = ReferenceEquals(innermost, ex) ? ex.Message : $"{ex.Message} {innermost.Message}";
            throw new CollectorConfigurationException($"{path}: {detail}", ex);
        }
    }

    private static string? Resolve(string? given)
    {
        if (given is not null)
        {
            if (string.IsNullOrWhiteSpace(given))
            {
                throw new CollectorConfigurationException("--config needs the path of a JSON file, e.g. --config /etc/monitor/collector.json");
            }

            var full = Path.GetFullPath(given);
            return File.Exists(full)
                ? full
                : throw new CollectorConfigurationException($"--config {given}: no such file ({full})");
        }

        var fallback = Path.GetFullPath(DefaultRelativePath);
        return File.Exists(fallback) ? fallback : null;
    }
}
