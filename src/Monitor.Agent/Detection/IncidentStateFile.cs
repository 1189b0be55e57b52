using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Monitor.Agent.Outbox;
using Monitor.Agent.Telemetry;
using Monitor.Core.Incidents;

namespace Monitor.Agent.Detection;

/// <summary>
/// The incidents' working state, kept beside the outbox (<c>incidents.json</c>) so that a restart
/// continues the same incidents: written whole by write-temp, fsync, rename, fsync of the folder,
/// as the outbox's ledger is, so a crash leaves the old state or the new one. A file that cannot be
/// read is set aside (<c>incidents.json.unreadable-…</c>) and the agent starts afresh; a write that
/// fails (a full disk) is logged and counted, and the next one tries again. Neither stops detection.
/// </summary>
public sealed class IncidentStateFile
{
    /// <summary>The file name in the outbox folder.</summary>
    public const string FileName = "incidents.json";

    private readonly string _folder;
    private readonly AgentMetrics _metrics;
    private readonly ILogger<IncidentStateFile> _logger;

    /// <summary>A state file in <paramref name="folder"/> (the outbox's).</summary>
    public IncidentStateFile(string folder, AgentMetrics metrics, ILogger<IncidentStateFile> logger)
    {
        _folder = folder;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The file's path.</summary>
    public string Path => System.IO.Path.Combine(_folder, FileName);

    /// <summary>What the previous run saved, or null when there is nothing (or nothing readable) to continue.</summary>
    public SavedTracker? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(Path), IncidentStateJson.Default.SavedTracker)
                ?? throw new JsonException("the file holds null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            var aside = $"{Path}.unreadable-{DateTime.UtcNow.ToString("yyyyMMddTHHmmssZ", CultureInfo.InvariantCulture)}";
            try
            {
                File.Move(Path, aside, overwrite: true);
                _logger.LogError("{Path} cannot be read ({Error}); set aside as {Aside}, and the agent starts with no incident to continue",
                    Path, e.Message, aside);
            }
            catch (Exception move) when (move is IOException or UnauthorizedAccessException)
            {
                // Kept where it is: the next save replaces it, and detection starts either way.
                _logger.LogError("{Path} cannot be read ({Error}) nor set aside ({MoveError}); the agent starts with no incident to continue",
                    Path, e.Message, move.Message);
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogError("{Path} cannot be read ({Error}); the agent starts with no incident to continue", Path, e.Message);
            return null;
        }
    }

    /// <summary>Replaces the saved state atomically and durably; returns false (logged, counted) when it cannot be written.</summary>
    public bool Save(SavedTracker state)
    {
        var temp = Path + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, state, IncidentStateJson.Default.SavedTracker);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, Path, overwrite: true);
            DurableFolder.Sync(_folder);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _metrics.IncidentStateWriteFailures.Inc();
            _logger.LogError("Incident state could not be written to {Path}: {Error}. Detection goes on; a restart now would not continue the open incidents.",
                Path, e.Message);
            TryDelete(temp);
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A temporary left on a full disk is overwritten by the next save.
        }
    }
}
