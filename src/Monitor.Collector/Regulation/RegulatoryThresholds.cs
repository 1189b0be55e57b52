namespace Monitor.Collector.Regulation;

/// <summary>The major-accident criteria per service category: seed 002's defaults, overridden per category by configuration.</summary>
public sealed class RegulatoryThresholds
{
    /// <summary>
    /// Seed 002, 注1: 1 voice with emergency calls; 2 other voice; 3 cellular and unlicensed LPWA;
    /// 4 free internet services; 5 everything else, paid e-mail included.
    /// </summary>
    public static readonly IReadOnlyDictionary<int, IReadOnlyList<MajorAccidentThreshold>> Defaults =
        new Dictionary<int, IReadOnlyList<MajorAccidentThreshold>>
        {
            [1] = [MajorAccidentThreshold.Of(TimeSpan.FromHours(1), 30_000)],
            [2] = [MajorAccidentThreshold.Of(TimeSpan.FromHours(2), 30_000), MajorAccidentThreshold.Of(TimeSpan.FromHours(1), 100_000)],
            [3] = [MajorAccidentThreshold.Of(TimeSpan.FromHours(12), 30_000), MajorAccidentThreshold.Of(TimeSpan.FromHours(2), 1_000_000)],
            [4] = [MajorAccidentThreshold.Of(TimeSpan.FromHours(24), 100_000), MajorAccidentThreshold.Of(TimeSpan.FromHours(12), 1_000_000)],
            [5] = [MajorAccidentThreshold.Of(TimeSpan.FromHours(2), 30_000), MajorAccidentThreshold.Of(TimeSpan.FromHours(1), 1_000_000)],
        };

    private readonly Dictionary<int, IReadOnlyList<MajorAccidentThreshold>> _byCategory;

    /// <summary>The defaults with the categories configured in <paramref name="options"/> replaced.</summary>
    public RegulatoryThresholds(RegulationOptions options)
    {
        Options = options;
        _byCategory = Defaults.ToDictionary(pair => pair.Key, pair => pair.Value);
        foreach (var (key, thresholds) in options.MajorAccident)
        {
            if (int.TryParse(key, System.Globalization.CultureInfo.InvariantCulture, out var category) && thresholds.Length > 0)
            {
                _byCategory[category] = thresholds;
            }
        }
    }

    /// <summary>The options these thresholds came from (quarterly thresholds, deadlines).</summary>
    public RegulationOptions Options { get; }

    /// <summary>The criteria of <paramref name="category"/>; empty for an unknown category.</summary>
    public IReadOnlyList<MajorAccidentThreshold> For(int category) =>
        _byCategory.TryGetValue(category, out var thresholds) ? thresholds : [];
}
