using Google.Protobuf.WellKnownTypes;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Reports;

/// <summary>
/// The draft of the regulator's major-accident report (重大な事故報告) for an e-mail service,
/// in the section order of MIC's example (seed 003). It fills what monitoring data can fill,
/// marks the cause as an estimate, and writes 【要記入】 where only a person can know.
/// </summary>
public static partial class MicReportMarkdown
{
    /// <summary>
    /// Renders <paramref name="revision"/>, as validated and stored, with local times in
    /// <paramref name="timeZone"/>.
    /// </summary>
    public static string Render(IncidentRevision revision, TimeZoneInfo timeZone)
    {
        var report = new Report(revision, timeZone, new MarkdownBuilder());
        WriteHeader(report);
        WriteOverview(report);
        WriteSystemConfiguration(report);
        WriteNormalFlow(report);
        WriteAccidentFlow(report);
        WriteAffectedUsersOverTime(report);
        WriteResponse(report);
        WriteContacts(report);
        WriteCausesAndCountermeasures(report);
        WriteUserCommunication(report);
        WriteEvidence(report);
        return report.Markdown.ToString();
    }

    private static void WriteHeader(Report report)
    {
        var revision = report.Revision;
        var title = string.IsNullOrWhiteSpace(revision.Title) ? revision.IncidentId : MarkdownBuilder.Inline(revision.Title);
        report.Markdown
            .Heading(1, $"重大な事故報告（下書き）: {title}")
            .Item($"インシデントID: `{revision.IncidentId}`")
            .Item($"リビジョン: {revision.Revision}")
            .Item($"状態: {StateText(revision.State)}")
            .Item($"このリビジョンの作成: {JapaneseText.DateTime(report.Local(revision.UpdatedAt))} ({report.TimeZone.Id})")
            .Blank()
            .Line("> この文書は監視データから自動作成した下書きです。事業者が確認した報告ではありません。")
            .Line($"> {MarkdownBuilder.ToFill} は監視データからは分からない項目です。担当者が記入してください。")
            .Line("> 原因は監視データによる推定（根本原因の候補）であり、確定したものではありません。");
    }

    private static string StateText(IncidentState state) => state switch
    {
        IncidentState.Open => "継続中 (OPEN)",
        IncidentState.Recovering => "復旧済み・様子見 (RECOVERING)",
        IncidentState.Resolved => "解決 (RESOLVED)",
        _ => "不明",
    };

    /// <summary>One rendering in progress: the revision, where local times are, and the output.</summary>
    private sealed class Report
    {
        public Report(IncidentRevision revision, TimeZoneInfo timeZone, MarkdownBuilder markdown)
        {
            Revision = revision;
            TimeZone = timeZone;
            Markdown = markdown;
        }

        public IncidentRevision Revision { get; }

        public TimeZoneInfo TimeZone { get; }

        public MarkdownBuilder Markdown { get; }

        public DateTimeOffset Local(Timestamp time) => TimeZoneInfo.ConvertTime(time.ToDateTimeOffset(), TimeZone);

        public DateTimeOffset OpenedLocal => Local(Revision.OpenedAt);

        /// <summary>The estimated cause; validation guarantees one, an empty finding stands in otherwise.</summary>
        public Finding Root => Revision.RootCause ?? new Finding();

        /// <summary>"8時55分" on the day the incident opened, the full date on another day.</summary>
        public string Moment(Timestamp time)
        {
            var local = Local(time);
            return local.Date == OpenedLocal.Date ? JapaneseText.Time(local) : JapaneseText.DateTime(local);
        }

        /// <summary>The root cause and every symptom.</summary>
        public IEnumerable<Finding> Findings =>
            Revision.RootCause is null ? Revision.Symptoms : Revision.Symptoms.Prepend(Revision.RootCause);
    }
}
