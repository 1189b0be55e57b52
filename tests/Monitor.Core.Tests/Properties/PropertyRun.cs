using System.Globalization;
using Xunit.Abstractions;

namespace Monitor.Core.Tests.Properties;

/// <summary>
/// The seeds of the generated cases. CI runs a fixed base seed, so the suite is deterministic;
/// <see cref="BaseVariable"/> sets another base (a number, or "random" for a fresh one, printed on
/// failure), <see cref="ReplayVariable"/> runs one case's seed alone in every property, and
/// <see cref="CasesVariable"/> scales how many cases each property draws.
/// </summary>
internal static class PropertyRun
{
    /// <summary>The base seed CI runs.</summary>
    public const int DefaultBase = 20_260_901;

    /// <summary>Environment variable: the base seed, or "random".</summary>
    public const string BaseVariable = "MONITOR_PROPERTY_SEED";

    /// <summary>Environment variable: replay the one case of this seed.</summary>
    public const string ReplayVariable = "MONITOR_PROPERTY_REPLAY";

    /// <summary>Environment variable: a factor on every property's case count (e.g. 10 for a long run).</summary>
    public const string CasesVariable = "MONITOR_PROPERTY_SCALE";

    private static readonly Lazy<int> Base = new(() => Environment.GetEnvironmentVariable(BaseVariable) switch
    {
        null or "" => DefaultBase,
        "random" => Random.Shared.Next(),
        var text => int.Parse(text, CultureInfo.InvariantCulture),
    });

    /// <summary>
    /// The seeds of a property: <paramref name="count"/> (times the scale) drawn from the base seed
    /// and the property's own salt, or the one replayed seed.
    /// </summary>
    public static IReadOnlyList<int> Seeds(int salt, int count)
    {
        if (Environment.GetEnvironmentVariable(ReplayVariable) is { Length: > 0 } replay)
        {
            return [int.Parse(replay, CultureInfo.InvariantCulture)];
        }

        var scale = Environment.GetEnvironmentVariable(CasesVariable) is { Length: > 0 } s ? double.Parse(s, CultureInfo.InvariantCulture) : 1;
        var random = new Random(Base.Value ^ salt);
        return [.. Enumerable.Range(0, Math.Max(1, (int)(count * scale))).Select(_ => random.Next())];
    }

    /// <summary>Runs <paramref name="check"/> on every seed, fails with each failing case's seed and problems, and says how many cases ran.</summary>
    public static void ForAll(ITestOutputHelper output, IReadOnlyList<int> seeds, Func<int, (string Case, IReadOnlyList<string> Problems)?> check)
    {
        var failures = new List<string>();
        var ran = 0;
        foreach (var seed in seeds)
        {
            if (check(seed) is not { } result)
            {
                continue; // the site had no place for this fault
            }

            ran++;
            if (result.Problems.Count > 0)
            {
                failures.Add($"{result.Case}\n    - {string.Join("\n    - ", result.Problems)}");
            }
        }

        output.WriteLine($"{ran} cases of {seeds.Count} seeds (base seed {Base.Value}; {seeds.Count - ran} sites had no place for the fault)");
        Assert.True(ran > 0, "no case ran");
        Assert.True(failures.Count == 0, $"{failures.Count} of {ran} cases failed (base seed {Base.Value}, {BaseVariable}):\n{string.Join("\n", failures.Take(8))}");
    }
}
