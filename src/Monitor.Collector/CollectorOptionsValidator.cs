using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Regulation;
using Monitor.Collector.Web.Authentication;

namespace Monitor.Collector;

/// <summary>
/// Checks <see cref="CollectorOptions"/> at start. Every message names the key, the value and
/// what is expected, so an operator can fix the file without reading code.
/// </summary>
internal sealed partial class CollectorOptionsValidator : IValidateOptions<CollectorOptions>
{
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
        CheckLimits(failures, options.Limits);
        CheckAgentAuthentication(failures, options);
        CheckStore(failures, options.Store);
        CheckAbsoluteUrl(failures, nameof(CollectorOptions.PublicUrl), options.PublicUrl, "the web pages' address as people reach them, e.g. https://monitor.example.jp/");
        CheckServices(failures, options.Services);
        CheckAlerting(failures, options.Alerting);
        CheckRegulation(failures, options.Regulation);
        WebAccessValidation.Check(failures, options.Web);
        if (options.LogFormat is not ("auto" or "text" or "systemd" or "json"))
        {
            failures.Add($"{Key(nameof(CollectorOptions.LogFormat))} = '{options.LogFormat}' is not valid; expected auto, text, systemd or json");
        }

        if (options.Merging.OnsetWindow < TimeSpan.Zero)
        {
            failures.Add($"{Key("Merging:OnsetWindow")} = '{options.Merging.OnsetWindow}' is negative; expected a time span such as 00:30:00");
        }

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

    private static void CheckStore(List<string> failures, StoreOptions store)
    {
        if (store.Kind is not (StoreOptions.Sqlite or StoreOptions.PostgreSql))
        {
            failures.Add($"{Key("Store:Kind")} = '{store.Kind}' is not a known store; expected {StoreOptions.Sqlite} or {StoreOptions.PostgreSql}");
            return;
        }

        if (store.Kind != StoreOptions.PostgreSql)
        {
            return;
        }

        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(store.ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                failures.Add($"{Key("Store:ConnectionString")} has no Host; expected e.g. Host=db1;Database=monitor;Username=monitor");
            }
        }
        catch (ArgumentException ex)
        {
            failures.Add($"{Key("Store:ConnectionString")} is not a valid PostgreSQL connection string ({ex.Message}); expected e.g. Host=db1;Database=monitor;Username=monitor");
        }
    }

    private static void CheckAbsoluteUrl(List<string> failures, string key, string? value, string expected)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{Key(key)} = '{value}' is not an http:// or https:// address; expected {expected}, or empty");
        }
    }

    private static void CheckServices(List<string> failures, Dictionary<string, ServiceOptions> services)
    {
        foreach (var (id, service) in services)
        {
            if (service.Category is < 0 or > 5)
            {
                failures.Add($"{Key($"Services:{id}:Category")} = '{service.Category}' is out of range; expected a regulatory category 1 to 5 (5 for paid e-mail), or 0 for the agent's");
            }
        }
    }

    private static void CheckAlerting(List<string> failures, AlertingOptions alerting)
    {
        CheckAbsoluteUrl(failures, "Alerting:AlertmanagerUrl", alerting.AlertmanagerUrl, "Alertmanager's address, e.g. http://127.0.0.1:9093");
        for (var index = 0; index < alerting.Webhooks.Length; index++)
        {
            if (string.IsNullOrEmpty(alerting.Webhooks[index]))
            {
                failures.Add($"{Key($"Alerting:Webhooks:{index}")} is empty; expected an http:// or https:// address");
            }
            else
            {
                CheckAbsoluteUrl(failures, $"Alerting:Webhooks:{index}", alerting.Webhooks[index], "a webhook address");
            }
        }

        if (alerting.ResendInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{Key("Alerting:ResendInterval")} = '{alerting.ResendInterval}' is too short; expected at least 00:00:01 (e.g. 00:01:00, under Alertmanager's resolve_timeout)");
        }

        if (alerting.Attempts is < 1 or > 10)
        {
            failures.Add($"{Key("Alerting:Attempts")} = '{alerting.Attempts}' is out of range; expected 1 to 10");
        }

        if (alerting.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{Key("Alerting:Timeout")} = '{alerting.Timeout}' is not positive; expected e.g. 00:00:10");
        }

        if (alerting.LeaseDuration < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{Key("Alerting:LeaseDuration")} = '{alerting.LeaseDuration}' is too short; expected at least 00:00:01 (e.g. 00:00:15)");
        }

        if (alerting.LeaseRenewInterval < TimeSpan.FromMilliseconds(100) || alerting.LeaseRenewInterval >= alerting.LeaseDuration)
        {
            failures.Add($"{Key("Alerting:LeaseRenewInterval")} = '{alerting.LeaseRenewInterval}' is not usable; expected at least 00:00:00.1 and less than "
                + $"{Key("Alerting:LeaseDuration")} ('{alerting.LeaseDuration}'), e.g. a third of it");
        }
    }

    private static void CheckRegulation(List<string> failures, RegulationOptions regulation)
    {
        foreach (var (category, thresholds) in regulation.MajorAccident)
        {
            if (!int.TryParse(category, System.Globalization.CultureInfo.InvariantCulture, out var number) || number is < 1 or > 5)
            {
                failures.Add($"{Key($"Regulation:MajorAccident:{category}")} is not a category; expected 1 to 5");
                continue;
            }

            for (var index = 0; index < thresholds.Length; index++)
            {
                if (thresholds[index].Duration <= TimeSpan.Zero || thresholds[index].Users <= 0)
                {
                    failures.Add($"{Key($"Regulation:MajorAccident:{category}:{index}")} needs a positive Duration and Users, e.g. {{ \"Duration\": \"02:00:00\", \"Users\": 30000 }}");
                }
            }
        }

        if (regulation.FirstUserNoticeWithin <= TimeSpan.Zero || regulation.FirstReportWithin <= TimeSpan.Zero)
        {
            failures.Add($"{Key("Regulation")}: FirstUserNoticeWithin and FirstReportWithin must be positive time spans, e.g. 00:15:00 and 01:00:00");
        }

        if (!(regulation.ForeseenShare > 0 && regulation.ForeseenShare <= 1))
        {
            failures.Add($"{Key("Regulation")}:ForeseenShare must be above 0 and at most 1 (a share of a criterion's duration; default 0.5), not {regulation.ForeseenShare.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        if (regulation.DetailedReportDays < 1 || regulation.QuarterlyReportMonths < 1)
        {
            failures.Add($"{Key("Regulation")}: DetailedReportDays and QuarterlyReportMonths must be 1 or more (defaults 30 and 2)");
        }
    }
}
