using System.Text.Json;
using Monitor.Core.Signals;

namespace Monitor.Core.Tests.Signals;

/// <summary>
/// The official OpenMetrics parser suite (prometheus/OpenMetrics tests/testdata/parsers, vendored
/// in Fixtures/openmetrics-parsers with its licence and source): every must-not-parse case is
/// refused with a line number, by the standard parser and so by the scenario reader; every
/// must-parse case is accepted, except the deliberate limits that docs/scenarios.md lists.
/// </summary>
public sealed class OpenMetricsParserSuiteTests
{
    private static readonly string Suite = Path.Combine(RepositoryPaths.Root, "tests", "Monitor.Core.Tests", "Signals", "Fixtures", "openmetrics-parsers");

    // Must-parse cases the parser refuses on purpose; docs/scenarios.md names each. None today:
    // Monitor's own demands (timestamps, finite values, years 1 to 9999) are the scenario
    // reader's, on top of the standard, and do not make a valid exposition invalid.
    private static readonly string[] DeliberateLimits = [];

    public static TheoryData<string> MustNotParse => Cases(false);

    public static TheoryData<string> MustParse => Cases(true);

    private static TheoryData<string> Cases(bool shouldParse)
    {
        var cases = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(Suite).Order(StringComparer.Ordinal))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "test.json")));
            if (json.RootElement.GetProperty("shouldParse").GetBoolean() == shouldParse)
            {
                cases.Add(Path.GetFileName(directory));
            }
        }

        return cases;
    }

    private static List<InputProblem> Parse(string name)
    {
        var problems = new List<InputProblem>();
        using var reader = new StreamReader(Path.Combine(Suite, name, "metrics"));
        _ = OpenMetricsParser.Parse(reader, name, problems.Add).ToList();
        return problems;
    }

    [Fact]
    public void Suite_IsWhole()
    {
        Assert.Equal(167, MustNotParse.Count);
        Assert.Equal(44, MustParse.Count);
    }

    [Theory]
    [MemberData(nameof(MustNotParse))]
    public void MustNotParse_IsRefusedWithALineNumber(string name)
    {
        Assert.Contains(Parse(name), p => p.Line > 0);

        var problems = new List<InputProblem>();
        using var reader = new StreamReader(Path.Combine(Suite, name, "metrics"));
        _ = OpenMetricsReader.Read(reader, name, problems.Add).ToList();
        Assert.Contains(problems, p => p.Line > 0);
    }

    [Theory]
    [MemberData(nameof(MustParse))]
    public void MustParse_IsAcceptedUnlessADocumentedLimit(string name)
    {
        var problems = Parse(name);

        if (DeliberateLimits.Contains(name))
        {
            Assert.NotEmpty(problems);
        }
        else
        {
            Assert.Empty(problems);
        }
    }

    [Fact]
    public void DeliberateLimits_AreTheOnesTheDocsList()
    {
        var docs = File.ReadAllText(RepositoryPaths.File("docs/scenarios.md"));
        var section = docs[docs.IndexOf("### Deliberate limits", StringComparison.Ordinal)..];
        section = section[..(section.IndexOf("\n#", 4, StringComparison.Ordinal) is var end and > 0 ? end : section.Length)];
        var listed = section.Split('\n').Where(l => l.StartsWith("- `", StringComparison.Ordinal)).Select(l => l[3..l.IndexOf('`', 3)]).ToArray();

        Assert.Equal(DeliberateLimits.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }
}
