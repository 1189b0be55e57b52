using Monitor.Contracts.V1;

namespace Monitor.Collector.Reports;

/// <summary>
/// The report's title, as an operator titles an accident report: what failed (the root cause's
/// kind), which service stopped or degraded, and how many users it hit. No incident id: the title
/// is read by the regulator, the id is in the facts below it.
/// </summary>
public static partial class MicReport
{
    private static string Title(ReportComposer report)
    {
        var kind = ReportComposer.Inline(ReportNames.Kind(report.Root.Kind, report.Language));
        var affected = report.Incident.Services.Where(IsAffected).ToList();
        var services = affected
            .Select(ServiceName)
            .Where(name => name.Length > 0)
            .Distinct()
            .ToList();
        var stopped = affected.Any(s => s.Impact == ImpactLevel.Stopped);
        var users = report.Incident.AffectedUsersMax;
        var japaneseUsers = users > 0 ? $"（影響利用者数{JapaneseText.Number(users)}人）" : "";
        var englishUsers = users > 0 ? $" ({EnglishText.Number(users)} users affected)" : "";
        if (kind.Length == 0)
        {
            kind = report.L("原因不明の事象", "Unknown cause");
        }

        if (services.Count == 0)
        {
            return report.L($"重大な事故報告（下書き）: {kind}{japaneseUsers}", $"Major accident report (draft): {kind}{englishUsers}");
        }

        var japaneseServices = string.Join("及び", services);
        var englishServices = string.Join(" and ", services);
        return report.L(
            $"重大な事故報告（下書き）: {kind}による{japaneseServices}の{(stopped ? "停止" : "品質の低下")}{japaneseUsers}",
            $"Major accident report (draft): {kind}: {englishServices} {(stopped ? "stopped" : "degraded")}{englishUsers}");
    }

    /// <summary>"CTY 電子メールサービス": the service as users know it, its id when it has no name.</summary>
    private static string ServiceName(ServiceImpact service) =>
        ReportComposer.Inline(string.IsNullOrWhiteSpace(service.DisplayName) ? service.Service : service.DisplayName);
}
