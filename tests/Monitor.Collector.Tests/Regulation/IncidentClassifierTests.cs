using Monitor.Collector.Regulation;

namespace Monitor.Collector.Tests.Regulation;

/// <summary>Seed 002's criteria at and around each boundary, category by category.</summary>
public sealed class IncidentClassifierTests
{
    private static readonly DateTimeOffset Onset = new(2017, 1, 12, 23, 53, 0, TimeSpan.Zero);
    private static readonly IncidentClassifier Classifier = new(new RegulatoryThresholds(new RegulationOptions()));

    public static TheoryData<int, double, long, MajorAccidentStatus> Boundaries => new()
    {
        // 1: voice with emergency calls: >= 1 h and >= 30,000.
        { 1, 1.0, 30_000, MajorAccidentStatus.Yes },
        { 1, 0.99, 30_000, MajorAccidentStatus.No },
        { 1, 1.0, 29_999, MajorAccidentStatus.No },

        // 2: other voice: >= 2 h and >= 30,000, or >= 1 h and >= 100,000.
        { 2, 2.0, 30_000, MajorAccidentStatus.Yes },
        { 2, 1.99, 30_000, MajorAccidentStatus.No },
        { 2, 1.0, 100_000, MajorAccidentStatus.Yes },
        { 2, 1.0, 99_999, MajorAccidentStatus.No },
        { 2, 0.99, 100_000, MajorAccidentStatus.No },

        // 3: LPWA: >= 12 h and >= 30,000, or >= 2 h and >= 1,000,000.
        { 3, 12.0, 30_000, MajorAccidentStatus.Yes },
        { 3, 11.99, 30_000, MajorAccidentStatus.No },
        { 3, 2.0, 1_000_000, MajorAccidentStatus.Yes },
        { 3, 2.0, 999_999, MajorAccidentStatus.No },

        // 4: free internet services: >= 24 h and >= 100,000, or >= 12 h and >= 1,000,000.
        { 4, 24.0, 100_000, MajorAccidentStatus.Yes },
        { 4, 23.99, 100_000, MajorAccidentStatus.No },
        { 4, 24.0, 99_999, MajorAccidentStatus.No },
        { 4, 12.0, 1_000_000, MajorAccidentStatus.Yes },
        { 4, 11.99, 1_000_000, MajorAccidentStatus.No },

        // 5: everything else, paid e-mail included: >= 2 h and >= 30,000, or >= 1 h and >= 1,000,000.
        { 5, 2.0, 30_000, MajorAccidentStatus.Yes },
        { 5, 1.99, 30_000, MajorAccidentStatus.No },
        { 5, 2.0, 29_999, MajorAccidentStatus.No },
        { 5, 1.0, 1_000_000, MajorAccidentStatus.Yes },
        { 5, 0.99, 1_000_000, MajorAccidentStatus.No },
        { 5, 1.0, 999_999, MajorAccidentStatus.No },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void Classify_RecoveredIncident_MeetsTheCriteriaExactlyAtTheBoundary(int category, double hours, long users, MajorAccidentStatus expected)
    {
        var exposure = new IncidentExposure(Onset, Onset + TimeSpan.FromHours(hours), users, []);

        var classification = Classifier.Classify(category, exposure, Onset.AddDays(1));

        Assert.Equal(expected, classification.MajorAccident);
        Assert.Equal(category, classification.Category);
    }

    [Fact]
    public void Classify_Cty2017_IsACategoryFiveMajorAccidentFromTwoHoursAfterOnset()
    {
        var latest = CtyFixture.Latest;
        var series = latest.AffectedUsersSeries.Select(p => (p.Time.ToDateTimeOffset(), p.Count)).ToList();
        var exposure = new IncidentExposure(latest.OpenedAt.ToDateTimeOffset(), latest.RecoveredAt.ToDateTimeOffset(), latest.AffectedUsersMax, series);

        var classification = Classifier.Classify(5, exposure, latest.UpdatedAt.ToDateTimeOffset());

        Assert.Equal(MajorAccidentStatus.Yes, classification.MajorAccident);
        Assert.Equal(50_511, classification.AffectedUsers);
        Assert.Equal(new TimeSpan(3, 38, 0), classification.Duration);
        Assert.Equal(Onset.AddHours(2), classification.MajorAccidentAt);
        Assert.Equal(TimeSpan.FromHours(2), classification.Threshold?.Duration);
        Assert.True(classification.QuarterlyReport);
    }

    [Fact]
    public void Classify_OngoingWithEnoughUsers_BecomesOneAtOnsetPlusTheDuration()
    {
        var exposure = new IncidentExposure(Onset, null, 50_511, [(Onset.AddMinutes(6), 50_511)]);

        var classification = Classifier.Classify(5, exposure, Onset.AddMinutes(30));

        Assert.Equal(MajorAccidentStatus.BecomesOne, classification.MajorAccident);
        Assert.Equal(Onset.AddHours(2), classification.MajorAccidentAt);
        Assert.True(classification.Ongoing);
        Assert.True(classification.QuarterlyReport);
    }

    [Fact]
    public void Classify_OngoingAndUsersReachedLate_BecomesOneWhenTheUsersWereReached()
    {
        var exposure = new IncidentExposure(Onset, null, 40_000, [(Onset, 1_000), (Onset.AddHours(3), 40_000)]);

        var classification = Classifier.Classify(5, exposure, Onset.AddHours(4));

        Assert.Equal(MajorAccidentStatus.Yes, classification.MajorAccident);
        Assert.Equal(Onset.AddHours(3), classification.MajorAccidentAt);
    }

    [Fact]
    public void Classify_OngoingWithFewUsers_IsNotOneAndSaysWhenTheQuarterlyReportIsDue()
    {
        var exposure = new IncidentExposure(Onset, null, 500, [(Onset, 500)]);

        var classification = Classifier.Classify(5, exposure, Onset.AddMinutes(30));

        Assert.Equal(MajorAccidentStatus.No, classification.MajorAccident);
        Assert.False(classification.QuarterlyReport);
        Assert.Equal(Onset.AddHours(2), classification.QuarterlyReportAt);
    }

    [Theory]
    [InlineData(29_999, 1.99, false)]
    [InlineData(30_000, 0.1, true)]
    [InlineData(10, 2.0, true)]
    public void Classify_Recovered_QuarterlyReportAtThirtyThousandUsersOrTwoHours(long users, double hours, bool expected)
    {
        var exposure = new IncidentExposure(Onset, Onset + TimeSpan.FromHours(hours), users, []);

        Assert.Equal(expected, Classifier.Classify(5, exposure, Onset.AddDays(1)).QuarterlyReport);
    }

    [Fact]
    public void Classify_NoCategory_SaysItCannotTell()
    {
        var exposure = new IncidentExposure(Onset, Onset.AddHours(5), 100_000, []);

        Assert.Equal(MajorAccidentStatus.CategoryUnknown, Classifier.Classify(0, exposure, Onset.AddDays(1)).MajorAccident);
    }

    [Fact]
    public void Classify_ThresholdsConfiguredForACategory_ReplaceItsDefaults()
    {
        var options = new RegulationOptions();
        options.MajorAccident["5"] = [MajorAccidentThreshold.Of(TimeSpan.FromHours(4), 30_000)];
        var classifier = new IncidentClassifier(new RegulatoryThresholds(options));
        var exposure = new IncidentExposure(Onset, Onset.AddHours(3), 50_511, []);

        Assert.Equal(MajorAccidentStatus.No, classifier.Classify(5, exposure, Onset.AddDays(1)).MajorAccident);
        Assert.Equal(MajorAccidentStatus.Yes, classifier.Classify(2, exposure, Onset.AddDays(1)).MajorAccident);
    }
}
