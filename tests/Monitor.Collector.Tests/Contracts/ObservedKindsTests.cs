using Monitor.Collector.Merging;
using Monitor.Collector.Reports;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Contracts;

/// <summary>
/// A causal link's observed findings from an agent before v1.2 (comma-joined in observed_kind)
/// and from one after (observed_kinds) are read, rendered and merged as the same thing.
/// </summary>
public sealed class ObservedKindsTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly string[] Kinds = ["degraded_overload_iops", "paths_degraded"];

    [Fact]
    public void ReadObservedKinds_OldAndNewLink_AreTheSameKinds()
    {
        Assert.Equal(Kinds, OldStyle().ReadObservedKinds());
        Assert.Equal(Kinds, NewStyle().ReadObservedKinds());
    }

    [Fact]
    public void ReadObservedKinds_BothFieldsSet_TheNewOneWins()
    {
        var link = NewStyle();
        link.ObservedKind = "what,an,old,collector,reads";

        Assert.Equal(Kinds, link.ReadObservedKinds());
    }

    [Fact]
    public void Render_OldAndNewRevision_SameReport()
    {
        var old = MicReportMarkdown.Render(WithFirstLink(OldStyle()), Tokyo);
        var @new = MicReportMarkdown.Render(WithFirstLink(NewStyle()), Tokyo);

        Assert.Contains("ctl-a → ctl-b: 負荷の引継ぎ（相手の停止時）（検知: 縮退運転中のストレージコントローラの過負荷（IOPS）、アクセスパスの縮退）", @new, StringComparison.Ordinal);
        Assert.Equal(old, @new);
    }

    [Fact]
    public void Combine_SameLinkFromAnOldAndANewAgent_KeepsItOnce()
    {
        var fromOld = WithFirstLink(OldStyle());
        var fromNew = WithFirstLink(NewStyle(), "inc-mail06");

        var combined = IncidentMerger.Combine("m", [fromOld, fromNew]);

        Assert.Single(combined.CausalChain, l => l.FromEntity == "ctl-a" && l.ToEntity == "ctl-b");
    }

    private static CausalLink OldStyle() =>
        new() { FromEntity = "ctl-a", ToEntity = "ctl-b", Relation = "hands its load to", ObservedKind = string.Join(',', Kinds) };

    private static CausalLink NewStyle() =>
        new() { FromEntity = "ctl-a", ToEntity = "ctl-b", Relation = "hands its load to", ObservedKinds = { Kinds } };

    private static IncidentRevision WithFirstLink(CausalLink link, string id = CtyIncident.Id)
    {
        var revision = CtyIncident.Revision(3, id);
        revision.CausalChain[0] = link;
        return revision;
    }
}
