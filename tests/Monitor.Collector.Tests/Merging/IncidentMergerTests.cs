using Google.Protobuf.WellKnownTypes;
using Monitor.Collector.Merging;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Merging;

public sealed class IncidentMergerTests
{
    private static readonly DateTimeOffset T0 = new(2017, 1, 12, 23, 53, 0, TimeSpan.Zero);

    [Fact]
    public void Combine_SamePopulationSeenByThreeHosts_CountsItOnce()
    {
        var members = new[] { "mail01", "mail02", "mail03" }.Select(host => CtyFixture.AsHost(host)[^1]).ToList();

        var combined = IncidentMerger.Combine("m", members);

        var population = Assert.Single(combined.AffectedUsers);
        Assert.Equal(50_511, population.Count);
        Assert.Equal(50_511, combined.AffectedUsersMax);
        Assert.Equal(50_511, combined.AffectedUsersSeries.Max(p => p.Count));
    }

    [Fact]
    public void Combine_DifferentPopulations_AddUpOverTime()
    {
        var a = Member("a", "pop-a", (0, 100), (30, 0));
        var b = Member("b", "pop-b", (10, 50), (40, 0));

        var combined = IncidentMerger.Combine("m", [a, b]);

        Assert.Equal([(0, 100L), (10, 150L), (30, 50L), (40, 0L)], combined.AffectedUsersSeries.Select(p => ((int)(p.Time.ToDateTimeOffset() - T0).TotalMinutes, p.Count)));
        Assert.Equal(150, combined.AffectedUsersMax);
        Assert.Equal(2, combined.AffectedUsers.Count);
    }

    [Fact]
    public void Combine_SamePopulationDifferentCounts_TakesTheHighestAtEachTime()
    {
        var a = Member("a", "pop", (0, 100), (30, 0));
        var b = Member("b", "pop", (10, 300), (20, 0));

        var combined = IncidentMerger.Combine("m", [a, b]);

        Assert.Equal([(0, 100L), (10, 300L), (20, 100L), (30, 0L)], combined.AffectedUsersSeries.Select(p => ((int)(p.Time.ToDateTimeOffset() - T0).TotalMinutes, p.Count)));
        Assert.Equal(300, Assert.Single(combined.AffectedUsers).Count);
    }

    [Fact]
    public void Combine_OneMemberStillOpen_IsOpenAndNotRecovered()
    {
        var recovered = CtyFixture.AsHost("mail01")[^1];
        var open = CtyFixture.AsHost("mail02")[0];

        var combined = IncidentMerger.Combine("m", [recovered, open]);

        Assert.Equal(IncidentState.Open, combined.State);
        Assert.Null(combined.RecoveredAt);
        Assert.Null(combined.ResolvedAt);
        Assert.Equal("m", combined.IncidentId);
    }

    [Fact]
    public void Combine_WorstImpactOfAFunctionWins()
    {
        var a = Member("a", "pop", (0, 1));
        a.Services.Add(new ServiceImpact { Service = "mail", Function = "pop3", Impact = ImpactLevel.NotAffected });
        var b = Member("b", "pop", (0, 1));
        b.Services.Add(new ServiceImpact { Service = "mail", Function = "pop3", Impact = ImpactLevel.Stopped });

        var combined = IncidentMerger.Combine("m", [a, b]);

        Assert.Equal(ImpactLevel.Stopped, Assert.Single(combined.Services).Impact);
    }

    [Fact]
    public void Combine_TwoPopulationsNearTheLongLimit_SaturatesInsteadOfOverflowing()
    {
        // What a store written before the ingest bound may hold: two agents' counts near 2^62.
        var a = Member("a", "pop-a", (0, 1L << 62), (30, 0));
        var b = Member("b", "pop-b", (0, 1L << 62), (40, 0));
        a.AffectedUsers[0].TotalContracts = long.MaxValue;

        var combined = IncidentMerger.Combine("m", [a, b]);

        Assert.Equal(long.MaxValue, combined.AffectedUsersSeries[0].Count);
        Assert.Equal(long.MaxValue, combined.AffectedUsersMax);
    }

    private static IncidentRevision Member(string id, string population, params (int Minutes, long Count)[] series)
    {
        var revision = CtyIncident.Revision(1, id);
        revision.AffectedUsers.Clear();
        revision.AffectedUsers.Add(new AffectedUsers { PopulationKey = population, Count = series.Max(p => p.Count), Basis = UserCountBasis.Contracts });
        revision.AffectedUsersSeries.Clear();
        revision.AffectedUsersSeries.AddRange(series.Select(p => new AffectedUsersPoint { Time = Timestamp.FromDateTimeOffset(T0.AddMinutes(p.Minutes)), Count = p.Count }));
        revision.AffectedUsersMax = series.Max(p => p.Count);
        revision.Services.Clear();
        return revision;
    }
}
