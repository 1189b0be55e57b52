using System.Text.RegularExpressions;
using Monitor.Collector.Merging;
using Monitor.Collector.Reports;
using Monitor.Contracts.V1;
using Xunit.Abstractions;

namespace Monitor.Collector.Tests.Reports;

/// <summary>
/// How much of each seed scenario's Japanese report body is Latin letters, as issue 10 measures
/// it: ids (entities, metrics, rules, the incident id, the time zone) and units are left out,
/// because there an id or a unit is the point, and so are acronyms in capitals (SMTP, POP3, FC),
/// which is how Japanese writes them. The appendix that quotes the English originals is not body.
/// The bound is the issue's: under 3% for every seed scenario.
/// </summary>
public sealed partial class JapaneseReportLatinShareTests(ITestOutputHelper output)
{
    /// <summary>The issue's bound.</summary>
    private const double MaxLatinShare = 0.03;

    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    /// <summary>Units the report writes after figures.</summary>
    private static readonly HashSet<string> Units = new(StringComparer.Ordinal) { "ms", "IOPS", "MB", "GB", "TB", "kB", "KiB", "MiB", "GiB", "s", "min", "h", "dB", "dBm" };

    [Theory]
    [InlineData("cty")]
    [InlineData("alpha-mail")]
    [InlineData("canon")]
    [InlineData("freebit")]
    [InlineData("asahi")]
    [InlineData("docomo")]
    public void SeedScenario_JapaneseBody_IsJapanese(string scenario)
    {
        var revision = scenario switch
        {
            "cty" => CtyFixture.Latest,
            "alpha-mail" => SeedRevisions.AlphaMail,
            "canon" => SeedRevisions.Canon,
            "freebit" => SeedRevisions.Freebit[^1],
            "asahi" => SeedRevisions.Asahi,
            _ => SeedRevisions.Docomo,
        };
        var view = SeedRevisions.View(revision);
        var markdown = ReportMarkdown.Render(MicReport.Build(view, ReportLanguage.Japanese, Tokyo), "report.users.svg");
        var appendix = markdown.IndexOf($"\n# {MicReport.OriginalsHeading}\n", StringComparison.Ordinal);
        var body = appendix < 0 ? markdown : markdown[..appendix];

        var (latin, japanese, words) = Count(body, Ids(view));
        var share = (double)latin / (latin + japanese);
        output.WriteLine($"{scenario} Japanese report body: {latin} Latin letters, {japanese} Japanese characters: {share:P1} Latin (ids, units and acronyms excluded)");
        output.WriteLine($"most frequent Latin words: {string.Join(", ", words.OrderByDescending(w => w.Value).Take(15).Select(w => $"{w.Key} ×{w.Value}"))}");

        Assert.True(share < MaxLatinShare, $"The Japanese {scenario} report is {share:P1} Latin letters ({latin} against {japanese} Japanese characters); most frequent: {string.Join(", ", words.OrderByDescending(w => w.Value).Take(10).Select(w => w.Key))}");
    }

    /// <summary>Latin letters outside ids, units and acronyms, Japanese characters, and the Latin words counted.</summary>
    internal static (int Latin, int Japanese, Dictionary<string, int> Words) Count(string text, IReadOnlySet<string> ids)
    {
        var latin = 0;
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match token in Token().Matches(text))
        {
            var word = token.Value.Trim('.', ':', '/', '-');
            if (ids.Contains(word) || Units.Contains(word) || !word.Any(char.IsAsciiLetterLower))
            {
                continue;
            }

            latin += word.Count(char.IsAsciiLetter);
            words[word] = words.GetValueOrDefault(word) + 1;
        }

        var japanese = text.Count(c => c is (>= '\u3040' and <= '\u30ff') or (>= '\u4e00' and <= '\u9fff') or (>= '\uff00' and <= '\uffef'));
        return (latin, japanese, words);
    }

    private static HashSet<string> Ids(IncidentView view)
    {
        var incident = view.Incident;
        var ids = new HashSet<string>(StringComparer.Ordinal) { incident.IncidentId, "report.users.svg" };
        foreach (var finding in incident.Symptoms.Append(incident.RootCause))
        {
            ids.Add(finding.Entity);
            ids.Add(finding.Rule);
            ids.UnionWith(finding.Evidence.SelectMany(sample => new[] { sample.Entity, sample.Metric }));
            if (finding.Message is { } message)
            {
                ids.UnionWith(EntityIds(message));
            }
        }

        ids.UnionWith(incident.Timeline.Select(e => e.Entity));
        ids.UnionWith(incident.CausalChain.SelectMany(l => new[] { l.FromEntity, l.ToEntity }));
        if (incident.Site is { } site)
        {
            ids.Add(site.TimeZone);
            ids.UnionWith(site.Devices.Select(d => d.Entity));
            ids.UnionWith(site.Paths.SelectMany(p => new[] { p.Entity, p.Host, p.HbaPort, p.Controller, p.Volume }));
            ids.UnionWith(site.Services.SelectMany(s => s.Hosts.Concat(s.Volumes).Append(s.Service)));
        }

        ids.UnionWith(incident.Services.SelectMany(s => new[] { s.Service, $"{s.Service}/{s.Function}" }));
        ids.UnionWith(incident.AffectedUsers.Select(u => u.PopulationKey));
        ids.UnionWith(view.Record.Members.Select(m => m.Agent?.Host ?? ""));
        ids.Remove("");
        return ids;
    }

    private static IEnumerable<string> EntityIds(FindingMessage message) =>
        message.Arguments.SelectMany(argument => argument.ValueCase switch
        {
            MessageArgument.ValueOneofCase.Entity => [argument.Entity.Id],
            MessageArgument.ValueOneofCase.Entities => argument.Entities.Items.Select(e => e.Id),
            MessageArgument.ValueOneofCase.Parts => argument.Parts.Items.SelectMany(EntityIds),
            _ => [],
        });

    [GeneratedRegex(@"[A-Za-z0-9_:/.\-]*[A-Za-z][A-Za-z0-9_:/.\-]*")]
    private static partial Regex Token();
}
