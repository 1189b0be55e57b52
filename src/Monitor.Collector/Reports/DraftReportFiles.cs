using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Merging;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Reports;

/// <summary>
/// Keeps the draft report of each merged incident in <c>ReportDirectory</c> in step with its
/// newest revisions: <c>&lt;id&gt;.md</c> (Japanese), <c>&lt;id&gt;.en.md</c> (English) and
/// <c>&lt;id&gt;.users.svg</c> (the chart both link to). A file is replaced atomically (temp
/// file, flush, rename), so a person or a sync job never reads half a report.
/// </summary>
public sealed class DraftReportFiles
{
    private readonly IncidentViews _views;
    private readonly ILogger<DraftReportFiles> _logger;

    // One writer at a time: each reads the newest revisions after its own commit, so the last
    // writer always leaves the newest report, whatever order concurrent pushes commit in.
    private readonly SemaphoreSlim _writing = new(1, 1);

    /// <summary>Creates the writer for the configured directory and time zone.</summary>
    public DraftReportFiles(IOptions<CollectorOptions> options, IncidentViews views, ILogger<DraftReportFiles> logger)
    {
        _views = views;
        _logger = logger;
        ReportDirectory = Path.GetFullPath(options.Value.ReportDirectory);
    }

    /// <summary>The full path of the report directory.</summary>
    public string ReportDirectory { get; }

    /// <summary>The time zone reports show local times in.</summary>
    public TimeZoneInfo TimeZone => _views.TimeZone;

    /// <summary>Where the Japanese report of merged incident <paramref name="incidentId"/> is written; ids are validated to be safe file names.</summary>
    public string PathFor(string incidentId) => Path.Combine(ReportDirectory, incidentId + ".md");

    /// <summary>The files of merged incident <paramref name="mergedId"/>: Japanese Markdown, English Markdown and, with a series, the chart.</summary>
    public static IReadOnlyList<(string FileName, string Content)> Files(string mergedId, ReportDocument japanese, ReportDocument english, TimeZoneInfo timeZone)
    {
        var chartFile = mergedId + ".users.svg";
        var chart = japanese.Sections.SelectMany(s => s.Blocks).OfType<ChartBlock>().FirstOrDefault();
        var files = new List<(string, string)>
        {
            (mergedId + ".md", ReportMarkdown.Render(japanese, chart is null ? null : chartFile)),
            (mergedId + ".en.md", ReportMarkdown.Render(english, chart is null ? null : chartFile)),
        };
        if (chart is not null)
        {
            files.Add((chartFile, UsersChartSvg.Render(chart, timeZone) + "\n"));
        }

        return files;
    }

    /// <summary>
    /// Rewrites the reports of the merged incidents that <paramref name="incidentIds"/> (agent
    /// incident ids) belong to. A failure is logged, not thrown: the revisions are stored, and
    /// the next one rewrites the files.
    /// </summary>
    public async Task WriteLatestAsync(IEnumerable<string> incidentIds, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            var done = new HashSet<string>(StringComparer.Ordinal);
            foreach (var incidentId in incidentIds)
            {
                try
                {
                    await WriteOneAsync(incidentId, done, cancellationToken);
                }
                catch (IncidentViewException)
                {
                    // Logged and counted as it was thrown; the other incidents' reports go on.
                }
                catch (Exception ex) when (ex is not (OperationCanceledException or System.Data.Common.DbException))
                {
                    _views.Failed(IncidentFailures.Report, incidentId, ex);
                }
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task WriteOneAsync(string incidentId, HashSet<string> done, CancellationToken cancellationToken)
    {
        var view = await _views.GetAsync(incidentId, IncidentFailures.Report, cancellationToken);
        if (view is null || !done.Add(view.Id))
        {
            return;
        }

        var japanese = MicReport.Build(view, ReportLanguage.Japanese, TimeZone);
        var english = MicReport.Build(view, ReportLanguage.English, TimeZone);
        foreach (var (fileName, content) in Files(view.Id, japanese, english, TimeZone))
        {
            var path = Path.Combine(ReportDirectory, fileName);
            try
            {
                await WriteAtomicallyAsync(path, content, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.LogError(ex, "Could not write the draft report {Path} for incident {IncidentId}", path, view.Id);
            }
        }
    }

    private static async Task WriteAtomicallyAsync(string path, string content, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content);
                await stream.WriteAsync(bytes, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
