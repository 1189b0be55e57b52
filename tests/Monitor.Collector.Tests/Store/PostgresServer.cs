using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Monitor.Collector.Tests.Store;

/// <summary>
/// A private PostgreSQL server for the test run: Debian's binaries (package <c>postgresql</c>),
/// a new cluster in a temp directory, listening on a free loopback port with its socket in the
/// same directory, started once per run by pg_ctl (which waits until it accepts connections)
/// and stopped at the end. As root the cluster belongs to the <c>postgres</c> user, since
/// PostgreSQL refuses to run as root. Plain .NET (no xunit) so the load benchmark links the same file.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private const string Package = "postgresql";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "monitor-pg-" + Guid.NewGuid().ToString("N"));
    private string _bin = "";
    private bool _started;

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>Connection string of a new, empty database on the server.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "monitor_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing its sessions: the database is gone under its users.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Creates the cluster and starts the server.</summary>
    public async Task StartAsync()
    {
        _bin = FindBinaries();
        Directory.CreateDirectory(_directory);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _directory], asPostgres: false);
        }

        Port = FreePort();
        var data = Path.Combine(_directory, "data");
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--locale=C", "-E", "UTF8", "--no-sync"], asRoot);
        await RunAsync(
            Path.Combine(_bin, "pg_ctl"),
            ["-D", data, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
             "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start"],
            asRoot);
        _started = true;
    }

    /// <summary>Stops the server and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_started)
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"], Environment.UserName == "root");
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }

    private string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Pooling = true,
        }.ToString();

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(version => Path.Combine(version, "bin"))
                .Where(path => File.Exists(Path.Combine(path, "initdb")) && File.Exists(Path.Combine(path, "pg_ctl")))
                .OrderByDescending(path => path, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            $"PostgreSQL's server binaries are not installed (no {root}/<version>/bin/initdb): install Debian's package '{Package}' (apt-get install {Package}).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, string[] arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(bound.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}
