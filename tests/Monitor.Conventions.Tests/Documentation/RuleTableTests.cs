using System.Reflection;
using System.Text.RegularExpressions;
using Monitor.Core.Findings;
using Monitor.Core.Pipeline;

namespace Monitor.Conventions.Tests.Documentation;

/// <summary>
/// The rule table of docs/detection.md mirrors the code: one row per rule the pipeline runs, the
/// kinds its file emits, and the severity the vocabulary gives them.
/// </summary>
public sealed partial class RuleTableTests
{
    private const string Page = "docs/detection.md";

    private static IReadOnlyList<string[]> Rows() =>
        MarkdownTable.Rows(File.ReadAllText(RepositoryPaths.File(Page)), "| rule | finding kinds |", Page);

    [Fact]
    public void RuleTable_ListsEveryRuleOnce()
    {
        var documented = Rows().Select(r => MarkdownTable.CodeSpans(r[0]).Single()).ToList();
        var rules = DetectionPipeline.AllRules.Select(r => r.GetType().Name).ToList();

        Assert.Equal(rules.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RuleTable_KindsAreWhatEachRuleEmits()
    {
        Assert.All(Rows(), row =>
        {
            var rule = MarkdownTable.CodeSpans(row[0]).Single();
            var documented = MarkdownTable.CodeSpans(row[1]).Order(StringComparer.Ordinal);
            Assert.True(
                documented.SequenceEqual(KindsEmittedBy(rule).Order(StringComparer.Ordinal)),
                $"{Page}: {rule} emits {string.Join(", ", KindsEmittedBy(rule).Order(StringComparer.Ordinal))}; the table says {string.Join(", ", documented)}");
        });
    }

    [Fact]
    public void RuleTable_SeverityIsTheVocabularys()
    {
        Assert.All(Rows(), row =>
        {
            var severities = MarkdownTable.CodeSpans(row[1]).Select(k => FindingKinds.Describe(k).Severity.ToString().ToLowerInvariant()).Distinct();
            Assert.Equal(string.Join(", ", severities), row[2]);
        });
    }

    [Fact]
    public void RuleTable_EveryKindARuleCanRaise_HasARow()
    {
        var documented = Rows().SelectMany(r => MarkdownTable.CodeSpans(r[1])).ToList();
        var raised = FindingKinds.All.Where(k => k.Class != FindingClass.Outcome).Select(k => k.Name);

        Assert.Equal(raised.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    // The kinds a rule's file names through FindingKinds.X.
    private static IReadOnlyList<string> KindsEmittedBy(string rule)
    {
        var path = RepositoryPaths.File($"src/Monitor.Core/Rules/{rule}.cs");
        var constants = typeof(FindingKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!, StringComparer.Ordinal);
        return
        [
            .. KindReference().Matches(File.ReadAllText(path))
                .Select(m => m.Groups[1].Value)
                .Where(constants.ContainsKey)
                .Select(name => constants[name])
                .Distinct(StringComparer.Ordinal),
        ];
    }

    [GeneratedRegex(@"FindingKinds\.(\w+)")]
    private static partial Regex KindReference();
}
