using Monitor.Collector.Regulation;

namespace Monitor.Collector.Tests.Regulation;

/// <summary>
/// Seed 002's criteria applied to each continuous episode, at and around every boundary, for
/// single and multi-episode accidents; both readings where they differ; and when a major
/// accident is foreseen (the first report's start).
/// </summary>
public sealed class EpisodeClassificationTests
{
    private static readonly DateTimeOffset Onset = new(2016, 10, 10, 23, 55, 0, TimeSpan.Zero);
    private static readonly IncidentClassifier Classifier = new(new RegulatoryThresholds(new RegulationOptions()));

    [Theory]
    // One episode, category 5: >= 2 h and >= 30,000, or >= 1 h and >= 1,000,000.
    [InlineData(5, "119", 30_000, MajorAccidentStatus.No, false)]
    [InlineData(5, "120", 30_000, MajorAccidentStatus.Yes, false)]
    [InlineData(5, "120", 29_999, MajorAccidentStatus.No, false)]
    [InlineData(5, "59", 1_000_000, MajorAccidentStatus.No, false)]
    [InlineData(5, "60", 1_000_000, MajorAccidentStatus.Yes, false)]
    // Alpha Mail's shape: three episodes under 2 h, together 2 h 31 min: a person decides.
    [InlineData(5, "55/40,47/36,49", 150_000, MajorAccidentStatus.No, true)]
    // Together exactly 2 h: decides; together 1 min short: not even together.
    [InlineData(5, "60/30,60", 30_000, MajorAccidentStatus.No, true)]
    [InlineData(5, "60/30,59", 30_000, MajorAccidentStatus.No, false)]
    [InlineData(5, "60/30,60", 29_999, MajorAccidentStatus.No, false)]
    // One episode alone is major already: nothing to decide.
    [InlineData(5, "120/30,10", 30_000, MajorAccidentStatus.Yes, false)]
    // 1,000,000 users: two half-hours make the 1-hour criterion only together.
    [InlineData(5, "30/60,30", 1_000_000, MajorAccidentStatus.No, true)]
    [InlineData(5, "30/60,29", 1_000_000, MajorAccidentStatus.No, false)]
    // Category 1 (emergency voice): >= 1 h and >= 30,000.
    [InlineData(1, "59", 30_000, MajorAccidentStatus.No, false)]
    [InlineData(1, "60", 30_000, MajorAccidentStatus.Yes, false)]
    [InlineData(1, "40/10,20", 30_000, MajorAccidentStatus.No, true)]
    // Category 4 (free internet): >= 24 h and >= 100,000, or >= 12 h and >= 1,000,000.
    [InlineData(4, "1439", 100_000, MajorAccidentStatus.No, false)]
    [InlineData(4, "1440", 100_000, MajorAccidentStatus.Yes, false)]
    [InlineData(4, "720/60,719", 100_000, MajorAccidentStatus.No, false)]
    [InlineData(4, "360/60,360", 1_000_000, MajorAccidentStatus.No, true)]
    public void Classify_Episodes_EachOnItsOwnDurationAndTogetherForAPerson(int category, string shape, long users, MajorAccidentStatus expected, bool personDecides)
    {
        var (series, episodes) = Derive(shape, users);

        var classification = Classifier.Classify(category, episodes, Whole(series, users), Onset.AddDays(3));

        Assert.Equal(expected, classification.MajorAccident);
        Assert.Equal(personDecides, classification.PersonDecides);
        Assert.Equal(episodes.Count, classification.Episodes.Count);
        if (personDecides)
        {
            Assert.Equal(MajorAccidentStatus.Yes, classification.Together!.MajorAccident);
            Assert.All(classification.Episodes, e => Assert.Equal(MajorAccidentStatus.No, e.MajorAccident));
        }
    }

    [Fact]
    public void Classify_AlphaMailShape_TogetherAddsImpactTimeNotTheRestoredTime()
    {
        var (series, episodes) = Derive("55/40,47/36,49", 150_000);

        var classification = Classifier.Classify(5, episodes, Whole(series, 150_000), Onset.AddDays(1));

        Assert.Equal(TimeSpan.FromMinutes(55 + 47 + 49), classification.Together!.Duration);

        // 2 h of impact is reached 18 min into the third episode (55 + 47 = 102 min before it).
        var thirdStart = Onset.AddMinutes(55 + 40 + 47 + 36);
        Assert.Equal(thirdStart.AddMinutes(18), classification.Together.MajorAccidentAt);
    }

    [Fact]
    public void Classify_WholeIncidentSeries_WouldHaveCountedTheRestoredTime()
    {
        // What the classifier did before: onset to recovery, 3 h 47 min, a major accident.
        var (series, _) = Derive("55/40,47/36,49", 150_000);

        Assert.Equal(MajorAccidentStatus.Yes, Classifier.Classify(5, Whole(series, 150_000), Onset.AddDays(1)).MajorAccident);
    }

    [Theory]
    [InlineData(59, false)]
    [InlineData(60, true)]
    [InlineData(61, true)]
    public void Classify_OngoingWithTheUsers_IsForeseenAtHalfTheDuration(int minutes, bool foreseen)
    {
        IReadOnlyList<(DateTimeOffset, long)> series = [(Onset, 150_000)];
        var episodes = ImpactEpisodes.Derive(series, Onset, null, 150_000, []);
        var now = Onset.AddMinutes(minutes);

        var classification = Classifier.Classify(5, episodes, new IncidentExposure(Onset, null, 150_000, series), now);

        Assert.Equal(MajorAccidentStatus.BecomesOne, classification.MajorAccident);
        Assert.Equal(Onset.AddHours(1), classification.ForeseenAt);
        Assert.Equal(foreseen, classification.Foreseen);
        var firstReport = DeadlineSchedule.For(classification, Onset, Onset, new Dictionary<DeadlineKind, DateTimeOffset>(), new RegulationOptions(), Tokyo)
            .Single(d => d.Kind == DeadlineKind.RegulatorFirstReport);
        Assert.Equal(Onset.AddHours(2), firstReport.Due);
        Assert.Equal(!foreseen, firstReport.Projected);
    }

    [Fact]
    public void Classify_UsersReachedLate_IsForeseenWhenTheyAreReached()
    {
        IReadOnlyList<(DateTimeOffset, long)> series = [(Onset, 1_000), (Onset.AddMinutes(90), 30_000)];
        var episodes = ImpactEpisodes.Derive(series, Onset, null, 30_000, []);

        var classification = Classifier.Classify(5, episodes, new IncidentExposure(Onset, null, 30_000, series), Onset.AddMinutes(100));

        Assert.Equal(Onset.AddMinutes(90), classification.ForeseenAt);
        Assert.True(classification.Foreseen);
    }

    [Fact]
    public void Classify_FewUsers_IsNeverForeseen()
    {
        IReadOnlyList<(DateTimeOffset, long)> series = [(Onset, 29_999)];
        var episodes = ImpactEpisodes.Derive(series, Onset, null, 29_999, []);

        var classification = Classifier.Classify(5, episodes, new IncidentExposure(Onset, null, 29_999, series), Onset.AddHours(5));

        Assert.Null(classification.ForeseenAt);
        Assert.DoesNotContain(
            DeadlineSchedule.For(classification, Onset, Onset, new Dictionary<DeadlineKind, DateTimeOffset>(), new RegulationOptions(), Tokyo),
            d => d.Kind == DeadlineKind.RegulatorFirstReport);
    }

    [Fact]
    public void Classify_ForeseenShareConfigured_MovesTheFirstReport()
    {
        var classifier = new IncidentClassifier(new RegulatoryThresholds(new RegulationOptions { ForeseenShare = 0.75 }));
        IReadOnlyList<(DateTimeOffset, long)> series = [(Onset, 50_000)];

        var classification = classifier.Classify(5, ImpactEpisodes.Derive(series, Onset, null, 50_000, []), new IncidentExposure(Onset, null, 50_000, series), Onset.AddMinutes(10));

        Assert.Equal(Onset.AddMinutes(90), classification.ForeseenAt);
        Assert.Equal(0.75, classification.ForeseenShare);
    }

    [Fact]
    public void Deadlines_PersonDecides_RegulatorDeadlinesOfTheReadingTogetherAreProjected()
    {
        var (series, episodes) = Derive("55/40,47/36,49", 150_000);
        var classification = Classifier.Classify(5, episodes, Whole(series, 150_000), Onset.AddDays(1));

        var deadlines = DeadlineSchedule.For(classification, Onset, Onset, new Dictionary<DeadlineKind, DateTimeOffset>(), new RegulationOptions(), Tokyo);

        var firstReport = deadlines.Single(d => d.Kind == DeadlineKind.RegulatorFirstReport);
        Assert.True(firstReport.Projected);

        // Foreseen once 1 h of impact was added up: 5 min into the second episode.
        Assert.Equal(Onset.AddMinutes(55 + 40 + 5).AddHours(1), firstReport.Due);
        Assert.False(firstReport.Unrecorded(Onset.AddDays(1), resolved: true));
    }

    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private static (IReadOnlyList<(DateTimeOffset Time, long Users)> Series, IReadOnlyList<ImpactEpisode> Episodes) Derive(string shape, long users)
    {
        var (series, expected) = ImpactEpisodesTests.Generate(shape, users);
        return (series, ImpactEpisodes.Derive(series, Onset, expected[^1].End, users, []));
    }

    private static IncidentExposure Whole(IReadOnlyList<(DateTimeOffset Time, long Users)> series, long users) =>
        new(Onset, series[^1].Time, users, series);
}
