using Microsoft.Data.Sqlite;

namespace Monitor.EndToEnd.Tests.Drills;

/// <summary>
/// The collector as an operator runs it (<c>dotnet Monitor.Collector.dll</c>), on a fixed
/// loopback port and SQLite file so that it can be stopped or killed and started again on the
/// same port and database. Its log is kept across every incarnation.
/// </summary>
internal sealed class DrillCollector(string directory, int port) : IDisposable
{
    private readonly List<RunningProgram> _incarnations = [];

    /// <summary>Where agents push: http://127.0.0.1:port.</summary>
    public string Address => $"http://127.0.0.1:{port}";

    /// <summary>The SQLite file, the same for every incarnation.</summary>
    public string DatabasePath => Path.Combine(directory, "collector.db");

    /// <summary>The running incarnation, if any.</summary>
    public RunningProgram? Current { get; private set; }

    /// <summary>How many times it was started.</summary>
    public int Starts => _incarnations.Count;

    /// <summary>The log of every incarnation, in order.</summary>
    public IEnumerable<string> Log => _incarnations.SelectMany(p => p.Out.Concat(p.Err));

    /// <summary>Starts an incarnation and returns once it listens.</summary>
    public async Task StartAsync()
    {
        if (Current is not null)
        {
            throw new InvalidOperationException("the collector is already running");
        }

        Directory.CreateDirectory(directory);
        Current = RunningProgram.StartDotnet($"collector (start {_incarnations.Count + 1})", "Monitor.Collector.dll",
        [
            $"--Collector:Listen={Address}",
            "--Collector:HttpListen=http://127.0.0.1:0",
            $"--Collector:DatabasePath={DatabasePath}",
            $"--Collector:ReportDirectory={Path.Combine(directory, "reports")}",
        ], directory);
        _incarnations.Add(Current);
        await Current.WaitUntilAsync(() => Current.CountOut(l => l.Contains("Agents push to", StringComparison.Ordinal)) > 0,
            TimeSpan.FromSeconds(60), "'Agents push to' (listening)");
    }

    /// <summary>SIGKILL: the collector dies mid-push if it was in one.</summary>
    public async Task KillAsync()
    {
        await Current!.KillAsync();
        Current = null;
    }

    /// <summary>SIGTERM (systemctl stop): the collector finishes what it can and exits.</summary>
    public async Task StopAsync()
    {
        await Current!.TerminateAsync(TimeSpan.FromSeconds(60));
        Current = null;
    }

    /// <summary>Every stored revision in the order the collector inserted it.</summary>
    public IReadOnlyList<ArrivedRevision> Stored()
    {
        if (!File.Exists(DatabasePath))
        {
            return [];
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid, incident_id, revision, idempotency_key FROM revisions ORDER BY rowid";
        using var reader = command.ExecuteReader();
        var rows = new List<ArrivedRevision>();
        while (reader.Read())
        {
            rows.Add(new ArrivedRevision(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
        }

        return rows;
    }

    /// <summary>What the collector answered, over every incarnation.</summary>
    public PushOutcomes Outcomes() => PushOutcomes.Read(Log);

    public void Dispose()
    {
        foreach (var incarnation in _incarnations)
        {
            incarnation.Dispose();
        }
    }
}
