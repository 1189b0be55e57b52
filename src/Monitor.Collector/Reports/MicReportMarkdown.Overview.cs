using Monitor.Contracts.V1;

namespace Monitor.Collector.Reports;

/// <summary>事故の全体概要: the summary block the regulator reads first.</summary>
public static partial class MicReportMarkdown
{
    private static void WriteOverview(Report report)
    {
        var md = report.Markdown;
        md.Heading(1, "事故の全体概要");

        md.Heading(2, "<発生・復旧日時>").Line(OccurrenceAndRecovery(report));
        md.Heading(2, "<発生場所>").Line(MarkdownBuilder.OrToFill(report.Revision.Site?.Location));
        WriteAffectedUsers(report);
        md.Heading(2, "<影響範囲>").Line(MarkdownBuilder.OrToFill(report.Revision.Site?.Area));
        WriteServiceCategory(report);
        WriteServiceNames(report);
        WriteImpact(report);
        WriteCause(report);
    }

    private static string OccurrenceAndRecovery(Report report)
    {
        var revision = report.Revision;
        var opened = report.OpenedLocal;
        if (revision.RecoveredAt is null)
        {
            var asOf = report.Local(revision.UpdatedAt);
            return $"{JapaneseText.DateTime(opened)}～ 継続中 "
                + $"({JapaneseText.DateTime(asOf)}時点の継続時間: {JapaneseText.Duration(asOf - opened)})";
        }

        var recovered = report.Local(revision.RecoveredAt);
        return $"{JapaneseText.DateTime(opened)}～{JapaneseText.EndRelativeTo(opened, recovered)} "
            + $"(継続時間: {JapaneseText.Duration(recovered - opened)})";
    }

    private static void WriteAffectedUsers(Report report)
    {
        var md = report.Markdown.Heading(2, "<影響利用者数>");
        var maximum = MaximumAffectedUsers(report.Revision);
        if (maximum == 0 && report.Revision.AffectedUsers.Count == 0)
        {
            md.Line($"{MarkdownBuilder.ToFill} (監視データに影響利用者数の記録がありません)");
            return;
        }

        md.LineWithBreak($"最大{JapaneseText.Number(maximum)}人 ({BasisText(report.Revision)})");
        var totalContracts = report.Revision.AffectedUsers
            .Where(users => users.TotalContracts > 0)
            .DistinctBy(users => users.PopulationKey)
            .Sum(users => users.TotalContracts);
        md.Line(totalContracts > 0
            ? $"(参考) 総契約数: {JapaneseText.Number(totalContracts)}人"
            : $"(参考) 総契約数: {MarkdownBuilder.ToFill}");
    }

    /// <summary>The highest count the agent saw, whichever field recorded it.</summary>
    private static long MaximumAffectedUsers(IncidentRevision revision)
    {
        var seriesMaximum = revision.AffectedUsersSeries.Count == 0 ? 0 : revision.AffectedUsersSeries.Max(point => point.Count);
        var now = revision.AffectedUsers.Sum(users => users.Count);
        return Math.Max(revision.AffectedUsersMax, Math.Max(seriesMaximum, now));
    }

    /// <summary>"契約数ベース", "観測ベース", "エラーログ件数ベース", joined when populations differ.</summary>
    private static string BasisText(IncidentRevision revision)
    {
        var bases = revision.AffectedUsers
            .Select(users => users.Basis)
            .Where(basis => basis != UserCountBasis.Unspecified)
            .Distinct()
            .Order()
            .Select(basis => basis switch
            {
                UserCountBasis.Contracts => "契約数ベース",
                UserCountBasis.Observed => "観測ベース",
                UserCountBasis.ErrorLog => "エラーログ件数ベース",
                _ => "",
            })
            .ToList();
        return bases.Count == 0 ? $"算定根拠 {MarkdownBuilder.ToFill}" : string.Join("・", bases);
    }

    private static void WriteServiceCategory(Report report)
    {
        var services = report.Revision.Services;
        var affected = services.Where(IsAffected).ToList();
        var categories = (affected.Count > 0 ? affected : services.ToList())
            .Select(service => ServiceCategories.Name(service.Category))
            .OfType<string>()
            .Distinct()
            .ToList();

        var md = report.Markdown.Heading(2, "<影響を与えた電気通信役務>").LineWithBreak("インターネット関連サービス(電子メール)");
        if (categories.Count == 0)
        {
            md.Line($"(重大な事故の区分: {MarkdownBuilder.ToFill})");
            return;
        }

        for (var index = 0; index < categories.Count; index++)
        {
            var line = $"(重大な事故の区分: {categories[index]})";
            if (index < categories.Count - 1)
            {
                md.LineWithBreak(line);
            }
            else
            {
                md.Line(line);
            }
        }
    }

    private static void WriteServiceNames(Report report)
    {
        var names = report.Revision.Services
            .Where(IsAffected)
            .Select(service => MarkdownBuilder.Inline(string.IsNullOrWhiteSpace(service.DisplayName) ? service.Service : service.DisplayName))
            .Where(name => name.Length > 0)
            .Distinct()
            .ToList();
        var md = report.Markdown.Heading(2, "<具体的な影響サービス名>");
        if (names.Count == 0)
        {
            md.Line(MarkdownBuilder.ToFill);
            return;
        }

        foreach (var name in names)
        {
            md.Line($"・{name}");
        }
    }

    private static void WriteImpact(Report report)
    {
        var md = report.Markdown.Heading(2, "<具体的な支障内容>");
        var services = report.Revision.Services;
        var step = 0;
        foreach (var service in services.Where(s => s.Impact == ImpactLevel.Stopped))
        {
            md.Item($"{JapaneseText.Circled(++step)}{FunctionName(service)}: 利用できない (提供の停止)");
        }

        foreach (var service in services.Where(s => s.Impact == ImpactLevel.Degraded))
        {
            md.Item($"{JapaneseText.Circled(++step)}{FunctionName(service)}: 遅延・一部失敗 (品質の低下)");
        }

        var unaffected = services.Where(s => s.Impact == ImpactLevel.NotAffected).Select(FunctionName).ToList();
        if (unaffected.Count > 0)
        {
            md.Item($"影響なし: {string.Join("、", unaffected)}");
        }

        var unknown = services.Where(s => s.Impact == ImpactLevel.Unspecified).Select(FunctionName).ToList();
        if (unknown.Count > 0)
        {
            md.Item($"影響の有無が不明: {string.Join("、", unknown)} {MarkdownBuilder.ToFill}");
        }

        if (services.Count == 0)
        {
            md.Line(MarkdownBuilder.ToFill);
        }
    }

    private static void WriteCause(Report report)
    {
        var md = report.Markdown.Heading(2, "<原因>").LineWithBreak("（推定）監視データによる根本原因の候補");
        var root = report.Root;
        md.LineWithBreak($"・{FindingName(root)}");
        if (!string.IsNullOrWhiteSpace(root.Explanation))
        {
            md.LineWithBreak($"　{MarkdownBuilder.Inline(root.Explanation)}");
        }

        md.Line($"※確定した原因: {MarkdownBuilder.ToFill}");
    }

    private static bool IsAffected(ServiceImpact service) =>
        service.Impact is ImpactLevel.Stopped or ImpactLevel.Degraded;

    /// <summary>"CTYメール pop3": the service as users know it, then the function.</summary>
    private static string FunctionName(ServiceImpact service)
    {
        var name = string.IsNullOrWhiteSpace(service.DisplayName) ? service.Service : service.DisplayName;
        return MarkdownBuilder.Inline(string.IsNullOrWhiteSpace(service.Function) ? name : $"{name} {service.Function}");
    }

    /// <summary>"ctl-a (controller): controller_failed".</summary>
    private static string FindingName(Finding finding)
    {
        var type = string.IsNullOrWhiteSpace(finding.EntityType) ? "" : $" ({MarkdownBuilder.Inline(finding.EntityType)})";
        return $"{MarkdownBuilder.Inline(finding.Entity)}{type}: {MarkdownBuilder.Inline(finding.Kind)}";
    }
}
