using Google.Protobuf.WellKnownTypes;
using Monitor.Collector.Configuration;
using Monitor.Collector.Merging;
using Monitor.Collector.Reports;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Reports;

/// <summary>
/// A finding's sentence in the report: written from its catalogue message in the report's
/// language; from an older agent (no message) or a newer one (a message this collector does not
/// know), the agent's English explanation, marked as such in the Japanese report.
/// </summary>
public sealed class FindingSentencesTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private static FindingMessage ControllerFailed(string id = "controller_failed.partner_alone")
    {
        var message = new FindingMessage { Id = id };
        message.Arguments.Add(new MessageArgument { Name = "controller", Entity = new NamedEntity { Id = "ctl-a", Type = "Controller", Name = "Storage controller A" } });
        message.Arguments.Add(new MessageArgument { Name = "since", Time = Timestamp.FromDateTimeOffset(CtyIncident.Onset) });
        message.Arguments.Add(new MessageArgument { Name = "partner", Entity = new NamedEntity { Id = "ctl-b", Type = "Controller", Name = "Storage controller B" } });
        return message;
    }

    private static string Render(IncidentRevision revision, ReportLanguage language)
    {
        var record = new MergedIncidentRecord(revision.IncidentId, "cty", revision.RootCause.Entity, revision.RootCause.Kind, [revision], []);
        var view = new IncidentViewBuilder(new CollectorOptions()).Build(record, revision.UpdatedAt.ToDateTimeOffset());
        return ReportMarkdown.Render(MicReport.Build(view, language, Tokyo));
    }

    [Fact]
    public void Build_RootCauseWithMessage_IsWrittenInJapaneseWithoutTheEnglish()
    {
        var revision = CtyFixture.Latest;
        revision.RootCause.Message = ControllerFailed();

        var japanese = Render(revision, ReportLanguage.Japanese);
        var english = Render(revision, ReportLanguage.English);

        Assert.Contains("ストレージコントローラ ctl-aが8時53分に停止しました。対となるストレージコントローラ ctl-bが単独でボリュームを処理しており", japanese, StringComparison.Ordinal);
        Assert.DoesNotContain("stopped at 08:53", japanese, StringComparison.Ordinal);
        Assert.Contains("Storage controller A (ctl-a) stopped at 08:53; its partner ctl-b now serves its volumes alone", english, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MessageThisCollectorDoesNotKnow_ShowsTheAgentsEnglishMarked()
    {
        var revision = CtyFixture.Latest;
        revision.RootCause.Message = ControllerFailed("controller_failed.some_newer_variant");

        var japanese = Render(revision, ReportLanguage.Japanese);

        Assert.Contains($"{revision.RootCause.Explanation}{ReportComposer.EnglishMark}", japanese, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MessageMissingAnArgument_ShowsTheAgentsEnglishMarked()
    {
        var revision = CtyFixture.Latest;
        revision.RootCause.Message = ControllerFailed();
        revision.RootCause.Message.Arguments.RemoveAt(1);

        var japanese = Render(revision, ReportLanguage.Japanese);

        Assert.Contains($"{revision.RootCause.Explanation}{ReportComposer.EnglishMark}", japanese, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OlderAgentWithoutMessage_ShowsTheAgentsEnglishMarked()
    {
        var revision = CtyFixture.Latest;
        revision.RootCause.Message = null;

        var japanese = Render(revision, ReportLanguage.Japanese);

        Assert.Contains($"{revision.RootCause.Explanation}{ReportComposer.EnglishMark}", japanese, StringComparison.Ordinal);
    }
}
