using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Merging;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Reports;

/// <summary>
/// Keeps the draft report of each merged incident in <c>ReportDirectory</c> in step with its
/// newest revisions, in a directory of its own, <c>&lt;site&gt;/&lt;agent&gt;/&lt;id&gt;/</c>
/// (the agent that opened it): <c>report.md</c> (Japanese), <c>report.en.md</c> (English) and
/// <c>report.users.svg</c> (the chart both link to). No id can name another incident's file (an
/// id ending in ".en" once wrote over another incident's English report), and each name is one
/// escaped path segment (<see cref="FileName"/>). A file is replaced atomically (temp file,
/// flush, rename), so a person or a sync job never reads half a report.
/// </summary>
public sealed class DraftReportFiles
{
    private readonly IncidentViews _views;
    private readonly ILogger<DraftReportFiles> _logger;

    // One writer at a time: each reads the newest revisions after its own commit, so the last
    // writer always leaves the newest report, whatever order concurrent pushes commit in.
    private readonly SemaphoreSlim _writing = new(1, 1);

    // Files the disk refused since the last one it took (under _writing).
    private int _refusedWrites;

    /// <summary>Creates the writer for the configured directory and time zone.</summary>
    public DraftReportFiles(IOptions<CollectorOptions> options, IncidentViews views, ILogger<DraftReportFiles> logger)
    {
        _views = views;
        _logger = logger;
        ReportDirectory = Path.GetFullPath(options.Value.ReportDirectory);
    }

    /// <summary>The full path of the report directory.</summary>
    public string ReportDirectory { get; }

    /// <summary>The collector's zone: reports of an agent that sent no site zone show local times in it.</summary>
    public TimeZoneInfo TimeZone => _views.TimeZone;

    /// <summary>The name of the Japanese report in an incident's directory.</summary>
    public const string JapaneseFile = "report.md";

    /// <summary>The name of the English report in an incident's directory.</summary>
    public const string EnglishFile = "report.en.md";

    /// <summary>The name of the chart both reports link to.</summary>
    public const string ChartFile = "report.users.svg";

    /// <summary>The directory of merged incident <paramref name="mergedId"/>, opened by <paramref name="agentId"/> at <paramref name="site"/>.</summary>
    public string DirectoryFor(string site, string agentId, string mergedId) =>
        Path.Combine(ReportDirectory, FileName(site), FileName(agentId), FileName(mergedId));

    /// <summary>Where the Japanese report of <paramref name="view"/> is written.</summary>
    public string PathFor(IncidentView view) =>
        Path.Combine(DirectoryFor(view.Record.Site, view.Record.Owner, view.Id), JapaneseFile);

    /// <summary>Where the Japanese report of the merged incident <paramref name="incident"/> belongs to is written.</summary>
    public string PathFor(Store.IncidentSummary incident) =>
        Path.Combine(DirectoryFor(incident.Site, incident.MergedOwner, incident.MergedId.Length > 0 ? incident.MergedId : incident.IncidentId), JapaneseFile);

    /// <summary>
    /// <paramref name="name"/> as one path segment: letters, digits, '-', '_' and '.' stay, every
    /// other byte of its UTF-8 (and '%') becomes %XX, and a name of only dots has them escaped, so
    /// "..", "a/b" or an empty name never leave or collide in the report directory.
    /// </summary>
    public static string FileName(string name)
    {
        if (name.Length == 0)
        {
            return "%00";
        }

        var onlyDots = name.All(c => c == '.');
        var text = new System.Text.StringBuilder(name.Length);
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(name))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && !onlyDots)))
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    /// <summary>The files of a merged incident: Japanese Markdown, English Markdown and, with a series, the chart.</summary>
    public static IReadOnlyList<(string FileName, string Content)> Files(ReportDocument japanese, ReportDocument english, TimeZoneInfo timeZone)
    {
        var chartFile = ChartFile;
        var chart = japanese.Sections.SelectMany(s => s.Blocks).OfType<ChartBlock>().FirstOrDefault();
        var files = new List<(string, string)>
        {
            (JapaneseFile, ReportMarkdown.Render(japanese, chart is null ? null : chartFile)),
            (EnglishFile, ReportMarkdown.Render(english, chart is null ? null : chartFile)),
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
    /// the next one rewrites the files. Returns the incidents whose files the disk refused (full,
    /// not writable), to be tried again.
    /// </summary>
    public async Task<IReadOnlyList<string>> WriteLatestAsync(IEnumerable<string> incidentIds, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            var done = new HashSet<string>(StringComparer.Ordinal);
            var refused = new List<string>();
            foreach (var incidentId in incidentIds)
            {
                try
                {
                    if (!await WriteOneAsync(incidentId, done, cancellationToken))
                    {
                        refused.Add(incidentId);
                    }
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

            return refused;
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>
    /// Deletes the temporaries a write cut short by a crash left (<c>.&lt;file&gt;.&lt;guid&gt;.tmp</c>,
    /// never read by anyone); returns how many.
    /// </summary>
    public int SweepTemporaries()
    {
        if (!Directory.Exists(ReportDirectory))
        {
            return 0;
        }

        var swept = 0;
        foreach (var temporary in Directory.EnumerateFiles(ReportDirectory, ".*.tmp", SearchOption.AllDirectories))
        {
            File.Delete(temporary);
            swept++;
        }

        return swept;
    }

    private async Task<bool> WriteOneAsync(string incidentId, HashSet<string> done, CancellationToken cancellationToken)
    {
        var view = await _views.GetAsync(incidentId, IncidentFailures.Report, cancellationToken);
        if (view is null || !done.Add(view.Id))
        {
            return true;
        }

        var written = true;
        var japanese = MicReport.Build(view, ReportLanguage.Japanese, view.TimeZone);
        var english = MicReport.Build(view, ReportLanguage.English, view.TimeZone);
        var directory = Path.GetDirectoryName(PathFor(view))!;
        foreach (var (fileName, content) in Files(japanese, english, view.TimeZone))
        {
            var path = Path.Combine(directory, fileName);
            try
            {
                await WriteAtomicallyAsync(path, content, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Said once per spell of refusals: a full disk refuses every report, two files each,
                // and a log line per file buried everything else (thousands in a minute).
                if (_refusedWrites++ == 0)
                {
                    _logger.LogError(ex, "Could not write the draft report {Path} for incident {IncidentId}; it and any other refused report are tried again, and this is not logged again until one is written", path, view.Id);
                }

                written = false;
            }
        }

        if (written && _refusedWrites > 0)
        {
            _logger.LogInformation("Draft reports are written again ({Path}), after {Refused} refused writes", PathFor(view), _refusedWrites);
            _refusedWrites = 0;
        }

        return written;
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
