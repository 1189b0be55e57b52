using Monitor.Collector.Ingest;

namespace Monitor.Collector.Tests.Ingest;

/// <summary>A revision is never lost for its site zone: an unusable zone is dropped and said, the revision kept.</summary>
public sealed class SiteZoneFilterTests
{
    [Fact]
    public void DropUnknownZones_UnknownZone_EmptiesItAndNamesTheField()
    {
        var request = CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions.TakeLast(2));
        request.Revisions[1].Site.TimeZone = "Mars/Olympus_Mons";

        var dropped = SiteZoneFilter.DropUnknownZones(request);

        Assert.Equal(
            ["revisions[1].site.time_zone 'Mars/Olympus_Mons' is not a known IANA time zone; expected e.g. Asia/Tokyo; the revision is kept and shown in the collector's zone"],
            dropped);
        Assert.Equal("", request.Revisions[1].Site.TimeZone);
        Assert.Equal("Asia/Tokyo", request.Revisions[0].Site.TimeZone);
        Assert.Equal(2, request.Revisions.Count);
    }

    [Fact]
    public void DropUnknownZones_KnownOrUnsetZones_ChangesNothing()
    {
        var request = CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions.TakeLast(2));
        request.Revisions[0].Site.TimeZone = "";

        var dropped = SiteZoneFilter.DropUnknownZones(request);

        Assert.Empty(dropped);
        Assert.Equal(["", "Asia/Tokyo"], request.Revisions.Select(r => r.Site.TimeZone));
    }

    [Fact]
    public void FindProblem_ZoneLongerThanAZoneButUnderTheStringLimit_IsNoReasonToRefuse()
    {
        var request = CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions.TakeLast(1));
        request.Revisions[0].Site.TimeZone = new string('Z', 1000);

        Assert.Null(RevisionValidator.FindProblem(request));
        Assert.Single(SiteZoneFilter.DropUnknownZones(request));
    }
}
