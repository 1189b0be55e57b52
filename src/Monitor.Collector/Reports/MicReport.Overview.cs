using Monitor.Contracts.V1;

namespace Monitor.Collector.Reports;

/// <summary>事故の全体概要: the summary block the regulator reads first.</summary>
public static partial class MicReport
{
    private static void WriteOverview(ReportComposer report)
    {
        report.Section(1, report.L("事故の全体概要", "Overview of the accident"));

        report.Section(2, report.L("<発生・復旧日時>", "<Occurrence and recovery>"));
        report.Paragraph(OccurrenceAndRanges(report));
        report.Section(2, report.L("<発生場所>", "<Location>"));
        report.Paragraph(string.IsNullOrWhiteSpace(report.Incident.Site?.Location)
            ? report.L($"{report.ToFill} 設備の所在地（ビル・データセンターの名称と住所）", $"{report.ToFill} Where the equipment is (building or data center, and its address)")
            : ReportComposer.Inline(report.Incident.Site.Location));
        WriteAffectedUsers(report);
        report.Section(2, report.L("<影響範囲>", "<Area affected>"));
        report.Paragraph(report.OrToFill(report.Incident.Site?.Area));
        WriteServiceCategory(report);
        WriteServiceNames(report);
        WriteImpact(report);
        WriteCause(report);
    }

    private static string OccurrenceAndRecovery(ReportComposer report)
    {
        var incident = report.Incident;
        var opened = report.OpenedLocal;
        if (incident.RecoveredAt is null)
        {
            var asOf = report.Local(report.View.AsOf < opened ? incident.UpdatedAt.ToDateTimeOffset() : report.View.AsOf);
            return report.L(
                $"{JapaneseText.DateTime(opened)}～ 継続中 ({JapaneseText.DateTime(asOf)}時点の継続時間: {JapaneseText.Duration(asOf - opened)})",
                $"{EnglishText.DateTime(opened)} to now, ongoing (duration at {EnglishText.DateTime(asOf)}: {EnglishText.Duration(asOf - opened)})");
        }

        var recovered = report.Local(incident.RecoveredAt.ToDateTimeOffset());
        return report.L(
            JapaneseText.Period(opened, recovered),
            $"{EnglishText.DateTime(opened)} to {EnglishText.DateTime(recovered)} (duration: {EnglishText.Duration(recovered - opened)})");
    }

    private static void WriteAffectedUsers(ReportComposer report)
    {
        report.Section(2, report.L("<影響利用者数>", "<Affected users>"));
        var incident = report.Incident;
        if (incident.AffectedUsersMax == 0 && incident.AffectedUsers.Count == 0)
        {
            report.Paragraph(report.L($"{report.ToFill} (監視データに影響利用者数の記録がありません)", $"{report.ToFill} (monitoring recorded no affected users)"));
            return;
        }

        var contracts = incident.AffectedUsers.Where(u => u.TotalContracts > 0).DistinctBy(u => u.PopulationKey).Select(u => u.TotalContracts);
        var totalContracts = Merging.Saturating.Sum(contracts);
        report.Paragraph(
            report.L($"最大{JapaneseText.Number(incident.AffectedUsersMax)}人 ({BasisText(report)})", $"At most {EnglishText.Number(incident.AffectedUsersMax)} users ({BasisText(report)})"),
            totalContracts > 0
                ? report.L($"(参考) 総契約数:{JapaneseText.Number(totalContracts)}人({ContractsAsOf(report)}時点)", $"(For reference) total contracts: {EnglishText.Number(totalContracts)} (as of {ContractsAsOf(report)})")
                : report.L($"(参考) 総契約数:{report.ToFill}", $"(For reference) total contracts: {report.ToFill}"));
        if (incident.AffectedUsers.Count > 1)
        {
            report.Items(incident.AffectedUsers
                .Select(u => new ListItem(report.L(
                    $"{u.PopulationKey}: {JapaneseText.Number(u.Count)}人",
                    $"{u.PopulationKey}: {EnglishText.Number(u.Count)} users")))
                .ToArray());
        }
    }

    /// <summary>"平成28年12月" from the site's service configuration, the mark to fill when it is not set.</summary>
    private static string ContractsAsOf(ReportComposer report)
    {
        var asOf = report.Incident.Services
            .Select(s => report.View.SiteServices.GetValueOrDefault(s.Service)?.ContractsAsOf)
            .FirstOrDefault(d => d is not null);
        return asOf is { } day
            ? report.L(JapaneseText.Month(day), day.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture))
            : report.ToFill;
    }

    /// <summary>"契約数ベース", "観測ベース", "エラーログ件数ベース", joined when populations differ.</summary>
    private static string BasisText(ReportComposer report)
    {
        var bases = report.Incident.AffectedUsers
            .Select(users => users.Basis)
            .Where(basis => basis != UserCountBasis.Unspecified)
            .Distinct()
            .Order()
            .Select(basis => basis switch
            {
                UserCountBasis.Contracts => report.L("契約数ベース", "contract basis"),
                UserCountBasis.Observed => report.L("観測ベース", "observed failures"),
                UserCountBasis.ErrorLog => report.L("エラーログ件数ベース", "error-log counts"),
                _ => "",
            })
            .ToList();
        return bases.Count == 0 ? report.L($"算定根拠 {report.ToFill}", $"basis {report.ToFill}") : string.Join(report.L("・", ", "), bases);
    }

    private static void WriteServiceCategory(ReportComposer report)
    {
        var services = report.Incident.Services;
        var affected = services.Where(IsAffected).ToList();
        var categories = (affected.Count > 0 ? affected : services.ToList())
            .Select(service => service.Category)
            .Where(category => ServiceCategories.Name(category) is not null)
            .Distinct()
            .ToList();

        report.Section(2, report.L("<影響を与えた電気通信役務>", "<Telecommunications service affected>"));
        var lines = (affected.Count > 0 ? affected : services.ToList())
            .Select(service => ServiceLine(report, service))
            .Distinct()
            .ToList();
        if (lines.Count == 0)
        {
            lines.Add(report.L($"インターネット関連サービス({report.ToFill})", $"Internet-related service ({report.ToFill})"));
        }

        if (categories.Count == 0)
        {
            lines.Add(report.L($"(重大な事故の区分: {report.ToFill})", $"(Major-accident category: {report.ToFill})"));
        }

        lines.AddRange(categories.Select(category => report.L(
            $"(重大な事故の区分: {ServiceCategories.Name(category)})",
            $"(Major-accident category: {category}, {ServiceCategories.EnglishName(category)})")));
        report.Paragraph([.. lines]);
    }

    /// <summary>
    /// "インターネット関連サービス(有料)(電子メール)" as seed 002 words the service: paid or free as
    /// configured, else as the category implies (category 4 is by definition the free internet
    /// services; 5 the others), else to be filled; the kind as configured (default e-mail).
    /// </summary>
    private static string ServiceLine(ReportComposer report, ServiceImpact service)
    {
        var configured = report.View.SiteServices.GetValueOrDefault(service.Service);
        var paid = configured?.Paid ?? service.Category switch
        {
            4 => false,
            5 => true,
            _ => (bool?)null,
        };
        var kind = string.IsNullOrWhiteSpace(configured?.Kind) ? Configuration.ServiceOptions.DefaultKind : ReportComposer.Inline(configured.Kind);
        var japanesePaid = paid switch { true => "有料", false => "無料", null => report.ToFill };
        var englishPaid = paid switch { true => "paid", false => "free", null => report.ToFill };
        var englishKind = kind == Configuration.ServiceOptions.DefaultKind ? "e-mail" : kind;
        return report.L($"インターネット関連サービス({japanesePaid})({kind})", $"Internet-related service ({englishPaid}) ({englishKind})");
    }

    private static void WriteServiceNames(ReportComposer report)
    {
        var names = report.Incident.Services
            .Where(IsAffected)
            .Select(service => ReportComposer.Inline(string.IsNullOrWhiteSpace(service.DisplayName) ? service.Service : service.DisplayName))
            .Where(name => name.Length > 0)
            .Distinct()
            .ToList();
        report.Section(2, report.L("<具体的な影響サービス名>", "<Services affected>"));
        report.Paragraph(names.Count == 0 ? [report.ToFill] : names.Select(name => $"・{name}").ToArray());
    }

    private static void WriteCause(ReportComposer report)
    {
        report.Section(2, report.L("<原因>", "<Cause>"));
        var root = report.Root;
        var lines = new List<string>
        {
            report.L("（推定）監視データによる根本原因の候補", "(Estimated) root-cause candidate from monitoring data"),
            $"・{FindingName(report, root)}",
        };
        if (!string.IsNullOrWhiteSpace(root.Explanation))
        {
            lines.Add($"　{FindingSentences.Of(report, root)}");
        }

        report.Paragraph([.. lines]);
        report.Fill(report.L("確定した原因", "The confirmed cause"));
    }

    private static bool IsAffected(ServiceImpact service) =>
        service.Impact is ImpactLevel.Stopped or ImpactLevel.Degraded;

    /// <summary>"ctl-a（ストレージコントローラ）: ストレージコントローラの停止" / "ctl-a (storage controller): Storage controller stopped".</summary>
    private static string FindingName(ReportComposer report, Finding finding) =>
        $"{EntityName(report, finding.Entity, finding.EntityType)}: {ReportComposer.Inline(ReportNames.Kind(finding.Kind, report.Language))}";

    /// <summary>"ctl-a（ストレージコントローラ）": the id, which is the point, beside what it is.</summary>
    private static string EntityName(ReportComposer report, string entity, string type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return ReportComposer.Inline(entity);
        }

        var name = ReportComposer.Inline(ReportNames.EntityType(type, report.Language));
        return report.L($"{ReportComposer.Inline(entity)}（{name}）", $"{ReportComposer.Inline(entity)} ({name})");
    }
}
