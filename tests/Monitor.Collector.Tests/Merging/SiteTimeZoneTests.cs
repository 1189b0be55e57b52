using Monitor.Collector.Alerting;
using Monitor.Collector.Configuration;
using Monitor.Collector.Merging;
using Monitor.Collector.Regulation;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Merging;

/// <summary>An incident's times are shown in its site's zone, as its agent sent it, else in Collector:TimeZone.</summary>
public sealed class SiteTimeZoneTests
{
    [Fact]
    public void Build_CollectorInUtcAndCtyAgentSendsTokyo_ViewIsInTokyo()
    {
        var view = View(CtyFixture.Latest, "Etc/UTC");

        Assert.Equal("Asia/Tokyo", view.TimeZone.Id);
        Assert.Equal(new DateTime(2017, 1, 13, 8, 53, 0), TimeZoneInfo.ConvertTime(view.Incident.OpenedAt.ToDateTimeOffset(), view.TimeZone).DateTime);
    }

    [Fact]
    public void Build_OldAgentWithoutZone_ViewIsInTheCollectorsZone()
    {
        var revision = CtyFixture.Latest;
        revision.Site.TimeZone = "";

        var view = View(revision, "Etc/UTC");

        Assert.Equal("Etc/UTC", view.TimeZone.Id);
    }

    [Fact]
    public void Annotations_CollectorInUtc_SayTheMajorAccidentInTheSitesZone()
    {
        var view = View(CtyFixture.Latest, "Etc/UTC");

        var description = AlertContent.Annotations(view, view.TimeZone)["description"];

        Assert.Contains("a major accident since 2017-01-13 10:58 Asia/Tokyo", description, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CollectorInUtc_DeadlinesFallOnTheSitesCalendarDay()
    {
        // The detailed report is due 30 days after the onset's local day, at that day's end: Tokyo's, not UTC's.
        var view = View(CtyFixture.Latest, "Etc/UTC");

        var detailed = view.Deadlines.Single(d => d.Kind == DeadlineKind.DetailedReport);

        Assert.Equal(TimeSpan.FromHours(9), TimeZoneInfo.ConvertTime(detailed.Due, view.TimeZone).Offset);
        Assert.Equal(new DateTime(2017, 2, 12), TimeZoneInfo.ConvertTime(detailed.Due, view.TimeZone).Date);
    }

    [Theory]
    [InlineData("Asia/Tokyo", true)]
    [InlineData("Europe/Berlin", true)]
    [InlineData("", false)]
    [InlineData("Mars/Olympus_Mons", false)]
    [InlineData("Asia/Tokyo ", false)]
    public void Find_ZoneId_KnownZonesOnly(string id, bool known)
    {
        Assert.Equal(known, SiteTimeZone.Find(id) is not null);
    }

    [Fact]
    public void Problem_TooLong_SaysTheLimitAndNamesTheField()
    {
        var problem = SiteTimeZone.Problem(new string('A', SiteTimeZone.MaxIdLength + 1));

        Assert.Equal($"site.time_zone is {SiteTimeZone.MaxIdLength + 1} characters long; at most {SiteTimeZone.MaxIdLength} (an IANA zone id such as Asia/Tokyo)", problem);
    }

    [Fact]
    public void Problem_Unknown_NamesTheFieldAndTheZone()
    {
        Assert.Equal("site.time_zone 'Mars/Olympus_Mons' is not a known IANA time zone; expected e.g. Asia/Tokyo", SiteTimeZone.Problem("Mars/Olympus_Mons"));
        Assert.Null(SiteTimeZone.Problem(""));
        Assert.Null(SiteTimeZone.Problem("Asia/Tokyo"));
    }

    private static IncidentView View(IncidentRevision revision, string collectorZone)
    {
        var record = new MergedIncidentRecord(revision.IncidentId, revision.Agent.Site, revision.RootCause.Entity, revision.RootCause.Kind, [revision], []);
        return new IncidentViewBuilder(new CollectorOptions { TimeZone = collectorZone }).Build(record, revision.UpdatedAt.ToDateTimeOffset());
    }
}
