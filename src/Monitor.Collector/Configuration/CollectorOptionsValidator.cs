using Microsoft.Extensions.Options;

namespace Monitor.Collector.Configuration;

/// <summary>
/// Checks <see cref="CollectorOptions"/> at start. Every message names the key, the value and
/// what is expected, so an operator can fix the file without reading code.
/// </summary>
internal sealed class CollectorOptionsValidator : IValidateOptions<CollectorOptions>
{
    /// <summary>Smallest accepted <see cref="CollectorOptions.MaxMessageBytes"/>: 64 KiB.</summary>
    public const int MinMessageBytes = 64 * 1024;

    /// <summary>Largest accepted <see cref="CollectorOptions.MaxMessageBytes"/>: 256 MiB.</summary>
    public const int MaxMessageBytes = 256 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        var failures = new List<string>();
        CheckListen(failures, nameof(CollectorOptions.Listen), options.Listen);
        CheckListen(failures, nameof(CollectorOptions.HttpListen), options.HttpListen);
        CheckDistinctPorts(failures, options);
        CheckDatabasePath(failures, options.DatabasePath);
        CheckReportDirectory(failures, options.ReportDirectory);
        CheckTimeZone(failures, options.TimeZone);
        CheckOtlpEndpoint(failures, options.OtlpEndpoint);
        CheckMaxMessageBytes(failures, options.MaxMessageBytes);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Key(string property) => $"{CollectorOptions.SectionName}:{property}";

    private static void CheckListen(List<string> failures, string property, Uri? value)
    {
        if (!ListenAddress.TryParse(value, out _, out var problem))
        {
            failures.Add($"{Key(property)} = '{value?.OriginalString}' is not usable: {problem}");
        }
    }

    private static void CheckDistinctPorts(List<string> failures, CollectorOptions options)
    {
        if (ListenAddress.TryParse(options.Listen, out var grpc, out _)
            && ListenAddress.TryParse(options.HttpListen, out var web, out _)
            && grpc.Port != 0
            && grpc.Port == web.Port)
        {
            failures.Add(
                $"{Key(nameof(CollectorOptions.HttpListen))} = '{options.HttpListen.OriginalString}' uses the same port as "
                + $"{Key(nameof(CollectorOptions.Listen))}; expected a different port (gRPC and the web endpoints listen apart)");
        }
    }

    private static void CheckDatabasePath(List<string> failures, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{Key(nameof(CollectorOptions.DatabasePath))} = '{value}' is empty; expected the path of the SQLite file, e.g. /var/lib/monitor/collector.db");
        }
        else if (Directory.Exists(value))
        {
            failures.Add($"{Key(nameof(CollectorOptions.DatabasePath))} = '{value}' is a directory; expected the path of the SQLite file inside it, e.g. {Path.Combine(value, "collector.db")}");
        }
    }

    private static void CheckReportDirectory(List<string> failures, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{Key(nameof(CollectorOptions.ReportDirectory))} = '{value}' is empty; expected a directory for the draft reports, e.g. /var/lib/monitor/reports");
        }
        else if (File.Exists(value))
        {
            failures.Add($"{Key(nameof(CollectorOptions.ReportDirectory))} = '{value}' is a file; expected a directory for the draft reports");
        }
    }

    private static void CheckTimeZone(List<string> failures, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !TimeZoneInfo.TryFindSystemTimeZoneById(value, out _))
        {
            failures.Add($"{Key(nameof(CollectorOptions.TimeZone))} = '{value}' is not a known IANA time zone; expected e.g. Asia/Tokyo");
        }
    }

    private static void CheckOtlpEndpoint(List<string> failures, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{Key(nameof(CollectorOptions.OtlpEndpoint))} = '{value}' is not an http:// or https:// address; expected an OTLP/gRPC endpoint such as http://127.0.0.1:4317, or empty to export nothing");
        }
    }

    private static void CheckMaxMessageBytes(List<string> failures, int value)
    {
        if (value is < MinMessageBytes or > MaxMessageBytes)
        {
            failures.Add($"{Key(nameof(CollectorOptions.MaxMessageBytes))} = '{value}' is out of range; expected {MinMessageBytes} to {MaxMessageBytes} bytes");
        }
    }
}
