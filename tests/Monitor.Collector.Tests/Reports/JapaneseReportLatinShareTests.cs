using System.Text.RegularExpressions;
using Monitor.Collector.Configuration;
using Monitor.Collector.Merging;
using Monitor.Collector.Reports;
using Monitor.Collector.Store;
using Xunit.Abstractions;

namespace Monitor.Collector.Tests.Reports;

/// <summary>
/// How much of the Japanese CTY report's body is Latin letters: ids (entities, metrics, rules, the
/// incident id) and units are left out, because there an id or a unit is the point. The issue's
/// target is under 3%, which needs the message catalogue (findings rendered in Japanese); the
/// bound here is what the report reaches without it, so that it never grows back.
/// </summary>
public sealed partial class JapaneseReportLatinShareTests(ITestOutputHelper output)
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    /// <summary>Units the report writes after figures.</summary>
    private static readonly HashSet<string> Units = new(StringComparer.Ordinal) { "ms", "IOPS", "MB", "GB", "TB", "s", "min", "h", "dBm" };

    [Fact]
    public void Cty_JapaneseBody_IsMostlyJapanese()
    {
        var latest = CtyFixture.Latest;
        var record = new MergedIncidentRecord(latest.IncidentId, "cty", "ctl-a", "controller_failed", [latest], []);
        var view = new IncidentViewBuilder(new CollectorOptions()).Build(record, latest.UpdatedAt.ToDateTimeOffset());
        var document = MicReport.Build(view, ReportLanguage.Japanese, Tokyo);
        var markdown = ReportMarkdown.Render(document, "report.users.svg");
        // The appendix quotes the English originals on purpose; the body is what a reader reads.
        var appendix = markdown.IndexOf($"\n# {MicReport.OriginalsHeading}\n", StringComparison.Ordinal);
        var body = appendix < 0 ? markdown : markdown[..appendix];

        var (latin, japanese) = Count(body, Ids(view));
        var share = (double)latin / (latin + japanese);
        output.WriteLine($"CTY Japanese report body: {latin} Latin letters, {japanese} Japanese characters: {share:P1} Latin (ids and units excluded)");

        // 57.4% before the report named kinds, types, relations and states in Japanese, 27.0% before
        // logs, notes and roles went to the originals appendix (14.0% after); not yet the issue's
        // target of 3%: the findings' English explanations are still quoted.
        Assert.True(share < 0.16, $"The Japanese CTY report is {share:P1} Latin letters ({latin} against {japanese} Japanese characters)");
    }

    [Theory]
    [InlineData("alpha-mail", 0.12)]
    [InlineData("canon", 0.16)]
    [InlineData("freebit", 0.16)]
    public void SeedScenario_JapaneseBody_StaysUnderItsBound(string scenario, double bound)
    {
        var revision = scenario switch
        {
            "alpha-mail" => SeedRevisions.AlphaMail,
            "canon" => SeedRevisions.Canon,
            _ => SeedRevisions.Freebit[^1],
        };
        var view = SeedRevisions.View(revision);
        var markdown = ReportMarkdown.Render(MicReport.Build(view, ReportLanguage.Japanese, Tokyo), "report.users.svg");
        var appendix = markdown.IndexOf($"\n# {MicReport.OriginalsHeading}\n", StringComparison.Ordinal);
        var body = appendix < 0 ? markdown : markdown[..appendix];

        var (latin, japanese) = Count(body, Ids(view));
        var share = (double)latin / (latin + japanese);
        output.WriteLine($"{scenario} Japanese report body: {latin} Latin letters, {japanese} Japanese characters: {share:P1} Latin (ids and units excluded)");

        Assert.True(share < bound, $"The Japanese {scenario} report is {share:P1} Latin letters ({latin} against {japanese} Japanese characters)");
    }

    /// <summary>Latin letters outside ids and units, and Japanese characters, in <paramref name="text"/>.</summary>
    internal static (int Latin, int Japanese) Count(string text, IReadOnlySet<string> ids)
    {
        var latin = 0;
        foreach (Match token in Token().Matches(text))
        {
            var word = token.Value.Trim('.', ':', '/', '-');
            if (!ids.Contains(word) && !Units.Contains(word))
            {
                latin += word.Count(char.IsAsciiLetter);
            }
        }

        var japanese = text.Count(c => c is (>= '\u3040' and <= '\u30ff') or (>= '\u4e00' and <= '\u9fff') or (>= '\uff00' and <= '\uffef'));
        return (latin, japanese);
    }

    private static HashSet<string> Ids(IncidentView view)
    {
        var incident = view.Incident;
        var ids = new HashSet<string>(StringComparer.Ordinal) { incident.IncidentId, "report.users.svg" };
        var findings = incident.Symptoms.Append(incident.RootCause);
        foreach (var finding in findings)
        {
            ids.Add(finding.Entity);
            ids.Add(finding.Rule);
            foreach (var sample in finding.Evidence)
            {
                ids.Add(sample.Entity);
                ids.Add(sample.Metric);
            }
        }

        ids.UnionWith(incident.Timeline.Select(e => e.Entity));
        ids.UnionWith(incident.CausalChain.SelectMany(l => new[] { l.FromEntity, l.ToEntity }));
        ids.UnionWith(incident.Site?.Devices.Select(d => d.Entity) ?? []);
        ids.UnionWith(incident.Services.SelectMany(s => new[] { s.Service, $"{s.Service}/{s.Function}" }));
        ids.UnionWith(incident.AffectedUsers.Select(u => u.PopulationKey));
        ids.UnionWith(view.Record.Members.Select(m => m.Agent?.Host ?? ""));
        ids.Remove("");
        return ids;
    }

    [GeneratedRegex(@"[A-Za-z0-9_:/.\-]*[A-Za-z][A-Za-z0-9_:/.\-]*")]
    private static partial Regex Token();
}
