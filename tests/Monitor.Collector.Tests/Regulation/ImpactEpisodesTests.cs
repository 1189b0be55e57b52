using Monitor.Collector.Regulation;

namespace Monitor.Collector.Tests.Regulation;

/// <summary>
/// Episodes and ranges derived from generated affected-users series of several shapes and
/// populations: the counts, starts, ends and peaks must come back exactly.
/// </summary>
public sealed class ImpactEpisodesTests
{
    private static readonly DateTimeOffset Onset = new(2016, 10, 10, 23, 55, 0, TimeSpan.Zero);

    /// <summary>Episode shapes: (minutes of impact, minutes restored after) per episode.</summary>
    public static TheoryData<string, long> Shapes()
    {
        var data = new TheoryData<string, long>();
        foreach (var shape in new[] { "55", "55/40,47/36,49", "120", "30/5,30/5,30/5,30", "1/1,1", "239/600,1" })
        {
            foreach (var users in new long[] { 1, 500, 29_999, 30_000, 150_000, 1_000_000 })
            {
                data.Add(shape, users);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Derive_GeneratedSeries_GivesOneEpisodePerStretchAboveZero(string shape, long users)
    {
        var (series, expected) = Generate(shape, users);

        var episodes = ImpactEpisodes.Derive(series, Onset, expected[^1].End, users, []);

        Assert.Equal(expected.Count, episodes.Count);
        foreach (var (episode, (start, end, peak)) in episodes.Zip(expected))
        {
            Assert.Equal((start, end, peak), (episode.Start, episode.End, episode.PeakUsers));
            var range = Assert.Single(episode.Ranges);
            Assert.Equal((ImpactRangeKind.Unspecified, start, end, peak), (range.Kind, range.Start, range.End, range.PeakUsers));
        }
    }

    [Fact]
    public void Derive_UsersRiseWithinAnEpisode_PeakIsTheHighestCount()
    {
        IReadOnlyList<(DateTimeOffset, long)> series = [(Onset, 1_000), (Onset.AddMinutes(10), 40_000), (Onset.AddMinutes(20), 20_000), (Onset.AddMinutes(30), 0)];

        var episode = Assert.Single(ImpactEpisodes.Derive(series, Onset, Onset.AddMinutes(30), 40_000, []));

        Assert.Equal(40_000, episode.PeakUsers);
        Assert.Equal(TimeSpan.FromMinutes(30), episode.Duration(Onset.AddDays(1)));
    }

    [Fact]
    public void Derive_StopInsideADegradation_GivesTwoRangesEachWithItsDuration()
    {
        // Canon's shape: POP stops for 2 hours, incoming mail is delayed, then lost, until the end.
        var end = Onset.AddHours(81).AddMinutes(32);
        IReadOnlyList<(DateTimeOffset, long)> series = [(Onset, 166_803), (end, 0)];
        FunctionImpactSpan[] spans =
        [
            new("pop3", ImpactRangeKind.Stop, Onset, Onset.AddMinutes(119), TimeSpan.FromMinutes(1)),
            new("canon-mail", ImpactRangeKind.Degradation, Onset, Onset.AddMinutes(130), TimeSpan.FromMinutes(1)),
            new("canon-mail", ImpactRangeKind.Degradation, Onset.AddHours(2), end.AddMinutes(-5), TimeSpan.FromMinutes(1)),
        ];

        var episode = Assert.Single(ImpactEpisodes.Derive(series, Onset, end, 166_803, spans));

        Assert.Collection(
            episode.Ranges,
            stop => Assert.Equal((ImpactRangeKind.Stop, Onset, (DateTimeOffset?)Onset.AddHours(2)), (stop.Kind, stop.Start, stop.End)),
            degraded => Assert.Equal((ImpactRangeKind.Degradation, Onset, (DateTimeOffset?)end), (degraded.Kind, degraded.Start, degraded.End)));
        Assert.Equal(TimeSpan.FromHours(2), episode.Ranges[0].Duration(end));
        Assert.Equal(new TimeSpan(81, 32, 0), episode.Ranges[1].Duration(end));
    }

    [Fact]
    public void Derive_StopsWithAGap_AreTwoStopRanges()
    {
        var end = Onset.AddHours(3);
        IReadOnlyList<(DateTimeOffset, long)> series = [(Onset, 50_000), (end, 0)];
        FunctionImpactSpan[] spans =
        [
            new("pop3", ImpactRangeKind.Stop, Onset, Onset.AddMinutes(29), TimeSpan.FromMinutes(1)),
            new("imap", ImpactRangeKind.Stop, Onset.AddHours(1), end.AddMinutes(-1), TimeSpan.FromMinutes(1)),
            new("smtp-in", ImpactRangeKind.Degradation, Onset, end.AddMinutes(-2), TimeSpan.FromMinutes(1)),
        ];

        var ranges = Assert.Single(ImpactEpisodes.Derive(series, Onset, end, 50_000, spans)).Ranges;

        Assert.Equal(
            [(ImpactRangeKind.Stop, Onset, Onset.AddMinutes(30)), (ImpactRangeKind.Degradation, Onset, end.AddMinutes(-1)), (ImpactRangeKind.Stop, Onset.AddHours(1), end)],
            ranges.Select(r => (r.Kind, r.Start, r.End!.Value)));
    }

    [Fact]
    public void Derive_FindingSeenBeforeTheUsersWereCounted_StartsTheEpisodeAtTheFinding()
    {
        // Freebit: mail stopped at 2:58; the series counts the users from the next evaluation.
        var stopped = Onset.AddMinutes(7);
        IReadOnlyList<(DateTimeOffset, long)> series = [(stopped.AddMinutes(1), 106_027), (stopped.AddHours(8).AddMinutes(7), 0)];
        FunctionImpactSpan[] spans = [new("pop3", ImpactRangeKind.Stop, stopped, stopped.AddHours(8).AddMinutes(6), TimeSpan.FromMinutes(1))];

        var episode = Assert.Single(ImpactEpisodes.Derive(series, Onset, stopped.AddHours(8).AddMinutes(7), 106_027, spans));

        Assert.Equal(stopped, episode.Start);
        Assert.Equal(new TimeSpan(8, 7, 0), episode.Duration(DateTimeOffset.MaxValue));
        Assert.Equal(106_027, episode.PeakUsers);
    }

    [Fact]
    public void Derive_FindingsOfTheLastFlareOnly_EarlierEpisodesHaveTheirTimesButNoKind()
    {
        var (series, expected) = Generate("55/40,47/36,49", 150_000);
        var third = expected[2];
        FunctionImpactSpan[] spans =
        [
            new("pop3", ImpactRangeKind.Degradation, third.Start.AddMinutes(-2), third.End!.Value.AddMinutes(-2), TimeSpan.FromMinutes(1)),
            new("pop3", ImpactRangeKind.Stop, third.Start.AddMinutes(15), third.End!.Value.AddMinutes(-5), TimeSpan.FromMinutes(1)),
        ];

        var episodes = ImpactEpisodes.Derive(series, Onset, third.End, 150_000, spans);

        Assert.Equal([ImpactRangeKind.Unspecified], episodes[0].Ranges.Select(r => r.Kind));
        Assert.Equal([ImpactRangeKind.Unspecified], episodes[1].Ranges.Select(r => r.Kind));
        Assert.Equal(third.Start.AddMinutes(-2), episodes[2].Start);
        Assert.Equal(
            [(ImpactRangeKind.Degradation, third.Start.AddMinutes(-2), third.End), (ImpactRangeKind.Stop, third.Start.AddMinutes(15), third.End!.Value.AddMinutes(-4))],
            episodes[2].Ranges.Select(r => (r.Kind, r.Start, r.End)));
    }

    [Fact]
    public void Derive_Ongoing_LastEpisodeAndItsLatestRangeHaveNoEnd()
    {
        IReadOnlyList<(DateTimeOffset, long)> series = [(Onset, 30_000), (Onset.AddMinutes(20), 0), (Onset.AddMinutes(50), 30_000)];
        FunctionImpactSpan[] spans = [new("pop3", ImpactRangeKind.Stop, Onset.AddMinutes(50), Onset.AddMinutes(70), TimeSpan.FromMinutes(1))];

        var episodes = ImpactEpisodes.Derive(series, Onset, null, 30_000, spans);

        Assert.Equal(2, episodes.Count);
        Assert.Null(episodes[1].End);
        Assert.Null(Assert.Single(episodes[1].Ranges).End);
        Assert.Equal(TimeSpan.FromMinutes(40), episodes[1].Duration(Onset.AddMinutes(90)));
    }

    [Fact]
    public void Derive_NoSeriesButACount_IsOneEpisodeFromTheOnset()
    {
        var episode = Assert.Single(ImpactEpisodes.Derive([], Onset, Onset.AddHours(3), 50_511, []));

        Assert.Equal((Onset, (DateTimeOffset?)Onset.AddHours(3), 50_511L), (episode.Start, episode.End, episode.PeakUsers));
    }

    [Fact]
    public void Derive_NoUsers_IsNoEpisode()
    {
        Assert.Empty(ImpactEpisodes.Derive([], Onset, Onset.AddHours(3), 0, []));
    }

    // "55/40,47" = 55 min of impact, 40 min restored, then 47 min of impact.
    internal static (IReadOnlyList<(DateTimeOffset Time, long Users)> Series, List<(DateTimeOffset Start, DateTimeOffset? End, long Peak)> Episodes) Generate(string shape, long users)
    {
        var series = new List<(DateTimeOffset, long)>();
        var episodes = new List<(DateTimeOffset, DateTimeOffset?, long)>();
        var at = Onset;
        foreach (var part in shape.Split(','))
        {
            var minutes = part.Split('/').Select(int.Parse).ToArray();
            var end = at.AddMinutes(minutes[0]);
            series.Add((at, users));
            series.Add((end, 0));
            episodes.Add((at, end, users));
            at = end.AddMinutes(minutes.Length > 1 ? minutes[1] : 0);
        }

        return (series, episodes);
    }
}
