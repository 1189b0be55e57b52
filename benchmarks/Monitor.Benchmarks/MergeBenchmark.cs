using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Monitor.Collector.Configuration;
using Monitor.Collector.Merging;
using Monitor.Collector.Reports;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Benchmarks;

/// <summary>
/// The largest revision the collector accepts (<c>RevisionValidator.MaxSeriesPoints</c> series
/// points, default 100,000) merged with a second agent's incident of the same fault, then
/// rendered as the incident page's report, the Markdown draft and the users chart: milliseconds
/// for the merge (the view a page, an alert round or a report write needs), for a view from the
/// merge already made (what every reader after the first pays) and for the rendering.
/// </summary>
internal static class MergeBenchmark
{
    private static readonly DateTimeOffset Onset = new(2017, 1, 12, 23, 53, 0, TimeSpan.Zero);

    public static int Run(string[] args)
    {
        var points = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : Collector.Ingest.RevisionValidator.MaxSeriesPoints;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var record = new MergedIncidentRecord(
            "inc-big",
            "cty",
            "ctl-a",
            "controller_failed",
            [Member("inc-big", "mail01", "pop-mail01", points), Member("inc-small", "mail02", "pop-mail02", 1_000)],
            []);
        var options = new CollectorOptions { TimeZone = "Asia/Tokyo" };
        var builder = new IncidentViewBuilder(options);
        var timeZone = builder.TimeZone;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"merge: one revision of {points:N0} series points and one of 1,000, {Environment.ProcessorCount} cores, {runs} runs"));
        Console.WriteLine("| run | merge + classify ms | view from cache ms | report page ms | Markdown ms | chart ms | merged points |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        for (var run = 0; run < runs; run++)
        {
            GC.Collect();
            var watch = Stopwatch.StartNew();
            var view = builder.Build(record, Onset.AddDays(1));
            var merged = watch.Elapsed;
            var combined = CombinedIncident.Of(record);
            watch.Restart();
            view = builder.Build(record, combined, Onset.AddDays(1));
            var cached = watch.Elapsed;
            watch.Restart();
            var page = ReportHtml.RenderPage(MicReport.Build(view, ReportLanguage.Japanese, timeZone), timeZone);
            var html = watch.Elapsed;
            watch.Restart();
            var markdown = ReportMarkdown.Render(MicReport.Build(view, ReportLanguage.Japanese, timeZone), "users.svg");
            var md = watch.Elapsed;
            watch.Restart();
            var chart = MicReport.Build(view, ReportLanguage.Japanese, timeZone).Sections.SelectMany(s => s.Blocks).OfType<ChartBlock>().First();
            var svg = UsersChartSvg.Render(chart, timeZone);
            var chartTime = watch.Elapsed;
            if (page.Length == 0 || markdown.Length == 0 || svg.Length == 0)
            {
                throw new InvalidOperationException("an empty rendering");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run + 1} | {merged.TotalMilliseconds:0.0} | {cached.TotalMilliseconds:0.0} | {html.TotalMilliseconds:0.0} | {md.TotalMilliseconds:0.0} | {chartTime.TotalMilliseconds:0.0} | {view.Incident.AffectedUsersSeries.Count:N0} |"));
        }

        return 0;
    }

    /// <summary>An agent incident whose users change every 10 s, on a daily curve with noise.</summary>
    private static IncidentRevision Member(string id, string host, string population, int points)
    {
        var random = new Random(points);
        var revision = new IncidentRevision
        {
            IncidentId = id,
            Revision = 1,
            IdempotencyKey = Core.Incidents.IdempotencyKey.For(id, 1),
            Agent = new AgentIdentity { AgentId = host + ".cty.example.jp", Host = host, Site = "cty", AgentVersion = "0.1.0" },
            State = IncidentState.Open,
            Severity = Severity.Critical,
            Title = "Storage controller ctl-a stopped; mail service cty-mail down",
            OpenedAt = Timestamp.FromDateTimeOffset(Onset),
            UpdatedAt = Timestamp.FromDateTimeOffset(Onset.AddSeconds(10L * points)),
            RootCause = new Finding { Entity = "ctl-a", Kind = "controller_failed", Severity = Severity.Critical, Explanation = "ctl-a stopped" },
        };
        revision.Services.Add(new ServiceImpact { Service = "mail", Function = "pop3", Impact = ImpactLevel.Stopped, Category = 2 });
        revision.AffectedUsers.Add(new AffectedUsers { PopulationKey = population, Count = 50_511, Basis = UserCountBasis.Contracts, TotalContracts = 60_000 });
        for (var index = 0; index < points; index++)
        {
            var count = 25_000 + (long)(20_000 * Math.Sin(index / 500.0)) + random.Next(0, 5_000);
            revision.AffectedUsersSeries.Add(new AffectedUsersPoint { Time = Timestamp.FromDateTimeOffset(Onset.AddSeconds(10L * index)), Count = count });
        }

        revision.AffectedUsersMax = revision.AffectedUsersSeries.Max(p => p.Count);
        return revision;
    }
}
