using System.Text.Json;

namespace Monitor.Agent.Outbox;

/// <summary>
/// The outbox's small index: which segment files are live, and which of their records are done
/// (acknowledged by the collector, or parked). Written whole by write-temp, fsync, rename, fsync of
/// the folder, so a crash leaves either the old ledger or the new one, never half of one.
/// </summary>
public sealed class OutboxLedger
{
    /// <summary>The file name in the outbox folder.</summary>
    public const string FileName = "ledger.json";

    private const string TempSuffix = ".tmp";

    /// <summary>Format version.</summary>
    public int Version { get; set; } = 1;

    /// <summary>Live segment files, oldest first.</summary>
    public List<string> Segments { get; set; } = [];

    /// <summary>Sequences in live segments that need not be sent again.</summary>
    public List<long> Done { get; set; } = [];

    /// <summary>Reads the ledger; null when there is none. Throws <see cref="JsonException"/> when it is damaged.</summary>
    public static OutboxLedger? Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), OutboxJson.Default.OutboxLedger) : null;
    }

    /// <summary>Replaces the ledger atomically and durably.</summary>
    public void Write(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var temp = path + TempSuffix;
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, this, OutboxJson.Default.OutboxLedger);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (IOException)
        {
            // A full disk: the old ledger stays the truth, and no half-written temporary is left beside it.
            DeleteTemporary(folder);
            throw;
        }

        DurableFolder.Sync(folder);
    }

    /// <summary>Deletes a temporary a failed or interrupted write left (it is never read).</summary>
    public static void DeleteTemporary(string folder)
    {
        try
        {
            File.Delete(Path.Combine(folder, FileName + TempSuffix));
        }
        catch (IOException)
        {
            // Best effort: it is never read, and the next write replaces it.
        }
    }
}
