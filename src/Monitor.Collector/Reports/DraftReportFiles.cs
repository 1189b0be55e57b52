using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Store;

namespace Monitor.Collector.Reports;

/// <summary>
/// Keeps <c>&lt;ReportDirectory&gt;/&lt;incident_id&gt;.md</c> in step with the newest revision of each
/// incident. A file is replaced atomically (temp file, flush, rename), so a person or a sync
/// job never reads half a report.
/// </summary>
public sealed class DraftReportFiles
{
    private readonly IIncidentStore _store;
    private readonly ILogger<DraftReportFiles> _logger;
    private readonly TimeZoneInfo _timeZone;

    // One writer at a time: each reads the newest revision after its own commit, so the last
    // writer always leaves the newest report, whatever order concurrent pushes commit in.
    private readonly SemaphoreSlim _writing = new(1, 1);

    /// <summary>Creates the writer for the configured directory and time zone.</summary>
    public DraftReportFiles(IOptions<CollectorOptions> options, IIncidentStore store, ILogger<DraftReportFiles> logger)
    {
        _store = store;
        _logger = logger;
        ReportDirectory = Path.GetFullPath(options.Value.ReportDirectory);
        _timeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
    }

    /// <summary>The full path of the report directory.</summary>
    public string ReportDirectory { get; }

    /// <summary>The time zone reports show local times in.</summary>
    public TimeZoneInfo TimeZone => _timeZone;

    /// <summary>Where the report of <paramref name="incidentId"/> is written; ids are validated to be safe file names.</summary>
    public string PathFor(string incidentId) => Path.Combine(ReportDirectory, incidentId + ".md");

    /// <summary>
    /// Rewrites the reports of <paramref name="incidentIds"/> from their newest stored revision.
    /// A failure is logged, not thrown: the revisions are stored, and the next one rewrites the file.
    /// </summary>
    public async Task WriteLatestAsync(IEnumerable<string> incidentIds, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            foreach (var incidentId in incidentIds)
            {
                var revision = await _store.GetLatestRevisionAsync(incidentId, cancellationToken);
                if (revision is null)
                {
                    continue;
                }

                var path = PathFor(incidentId);
                try
                {
                    await WriteAtomicallyAsync(path, MicReportMarkdown.Render(revision, _timeZone), cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    _logger.LogError(ex, "Could not write the draft report {Path} for incident {IncidentId}", path, incidentId);
                }
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    private static async Task WriteAtomicallyAsync(string path, string markdown, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(markdown);
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
