using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Storage;
using Monitor.Core.Events;
using Monitor.Core.Signals;
using static Monitor.Agent.Tests.Sources.Storage.StorageSourceTests;

namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>The dm-multipath source: multipathd's JSON, and the sysfs fallback when multipathd fails.</summary>
[Collection(StorageSourceTests.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MultipathTests
{
    private const string IscsiMap = "mail01/3624a9370e92ace0b12e941bf000cb4d5";
    private const string FcMap = "mail01/3624a9370ca38a5c63c724ca8000a5c6d";

    private static string AssembledDocument(Action<JsonObject>? change = null) => MultipathdCapture.Assembled(change);

    private static JsonObject PathOf(JsonObject document, int map) =>
        document["maps"]![map]!["path_groups"]![0]!["paths"]![0]!.AsObject();

    private static (Multipath Source, FakeTimeProvider Clock) FromFile(string file, string root, ILoggerFactory? logs = null)
    {
        var clock = new FakeTimeProvider(Start);
        return (new Multipath(new MultipathOptions { InputFile = file, Root = root }, Context(clock, logs)), clock);
    }

    private static Multipath FromCommand(string command, string root, TimeSpan commandTimeout, ILoggerFactory? logs = null) =>
        new(new MultipathOptions { Command = command, Root = root, CommandTimeout = commandTimeout }, Context(TimeProvider.System, logs));

    private static string Script(TemporaryDirectory directory, string name, string body)
    {
        var path = directory.Write(name, "#!/bin/sh\n" + body);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public async Task ReadOnceAsync_RealMultipathdOutput_ReportsMapsAndPathsAndNoFallback()
    {
        using var directory = new TemporaryDirectory();
        var file = directory.Write("maps.json", AssembledDocument());
        var (source, _) = FromFile(file, directory.Path);

        var samples = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.Equal(8, samples[(IscsiMap, MetricCatalog.MultipathPaths)]);
        Assert.Equal(1, samples[(IscsiMap, MetricCatalog.MultipathActivePaths)]);
        Assert.Equal(8, samples[(FcMap, MetricCatalog.MultipathPaths)]);
        Assert.Equal(1, samples[(FcMap, MetricCatalog.MultipathActivePaths)]);
        Assert.Equal(1, samples[("mail01/sdag", MetricCatalog.PathUp)]);
        Assert.Equal(1, samples[("mail01/sdcx", MetricCatalog.PathUp)]);
        Assert.Equal(0, samples[("mail01/sdcx", MetricCatalog.PathShaky)]);
        Assert.Equal(0, samples[("mail01/sdcx", MetricCatalog.PathMarginal)]);
        Assert.Equal(0, samples[("mail01", MetricCatalog.MultipathFallback)]);
        Assert.Equal(1, SourceUp("multipath"));
    }

    [Fact]
    public async Task ReadOnceAsync_PathFaultsAndQueueTimeoutsGrow_AreRatesPerMap()
    {
        using var directory = new TemporaryDirectory();
        var file = directory.Write("maps.json", AssembledDocument());
        var (source, clock) = FromFile(file, directory.Path);
        await source.ReadOnceAsync(CancellationToken.None);
        directory.Write("maps.json", AssembledDocument(d =>
        {
            d["maps"]![0]!["path_faults"] = 53;
            d["maps"]![0]!["q_timeouts"] = 3;
        }));
        clock.Advance(TimeSpan.FromSeconds(15));

        var samples = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.Equal(2, samples[(IscsiMap, MetricCatalog.MultipathPathFaults)], 12);
        Assert.Equal(0.2, samples[(IscsiMap, MetricCatalog.MultipathQueueTimeouts)], 12);
        Assert.Equal(0, samples[(FcMap, MetricCatalog.MultipathPathFaults)]);
    }

    [Theory]
    [InlineData("active", "ready", "normal", 1.0, 0.0, 0.0)]
    [InlineData("active", "shaky", "normal", 0.0, 1.0, 0.0)]
    [InlineData("active", "ready", "marginal", 1.0, 0.0, 1.0)]
    [InlineData("failed", "faulty", "normal", 0.0, 0.0, 0.0)]
    [InlineData("active", "ghost", "normal", 0.0, 0.0, 0.0)]
    [InlineData("active", "i/o timeout", "normal", 0.0, 0.0, 0.0)]
    public async Task ReadOnceAsync_PathStates_GiveUpShakyAndMarginal(string dm, string checker, string marginal, double up, double shaky, double isMarginal)
    {
        using var directory = new TemporaryDirectory();
        var file = directory.Write("maps.json", AssembledDocument(d =>
        {
            var path = PathOf(d, 1);
            path["dm_st"] = dm;
            path["chk_st"] = checker;
            path["marginal_st"] = marginal;
        }));
        var (source, _) = FromFile(file, directory.Path);

        var samples = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.Equal(up, samples[("mail01/sdcx", MetricCatalog.PathUp)]);
        Assert.Equal(shaky, samples[("mail01/sdcx", MetricCatalog.PathShaky)]);
        Assert.Equal(isMarginal, samples[("mail01/sdcx", MetricCatalog.PathMarginal)]);
        Assert.Equal(up, samples[(FcMap, MetricCatalog.MultipathActivePaths)]);
    }

    [Fact]
    public async Task ReadOnceAsync_CheckerStillPending_ReportsNeitherThePathNorTheActiveCount()
    {
        using var directory = new TemporaryDirectory();
        var file = directory.Write("maps.json", AssembledDocument(d => PathOf(d, 1)["chk_st"] = "i/o pending"));
        var (source, _) = FromFile(file, directory.Path);

        var samples = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.False(samples.ContainsKey(("mail01/sdcx", MetricCatalog.PathUp)));
        Assert.False(samples.ContainsKey((FcMap, MetricCatalog.MultipathActivePaths)));
        Assert.Equal(8, samples[(FcMap, MetricCatalog.MultipathPaths)]);
        Assert.Equal(1, samples[(IscsiMap, MetricCatalog.MultipathActivePaths)]);
    }

    [Fact]
    public async Task ReadOnceAsync_TruncatedJson_FallsBackToSysfsAndWarnsOnce()
    {
        using var tree = new SysfsTree(SysfsTree.ProcfsFixture);
        var document = AssembledDocument();
        var file = tree.Write("/saved/maps.json", document[..(document.Length / 2)]); // multipathd cut its reply short
        var logs = new CollectingLogs();
        var (source, clock) = FromFile(file, tree.Root, logs);

        var first = await source.ReadOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(15));
        var second = await source.ReadOnceAsync(CancellationToken.None);

        // procfs' capture: mpathA = sdb (running) + sdc (offline), mpathB = sdd + sde (running).
        var samples = ByKey(first.Samples);
        Assert.Equal(1, samples[("mail01", MetricCatalog.MultipathFallback)]);
        Assert.Equal(2, samples[("mail01/mpathA", MetricCatalog.MultipathPaths)]);
        Assert.Equal(1, samples[("mail01/mpathA", MetricCatalog.MultipathActivePaths)]);
        Assert.Equal(2, samples[("mail01/mpathB", MetricCatalog.MultipathActivePaths)]);
        Assert.Equal(0, samples[("mail01/sdc", MetricCatalog.PathUp)]);
        Assert.Equal(1, Value(second.Samples, "mail01", MetricCatalog.MultipathFallback));
        var warning = Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning).Text;
        Assert.StartsWith($"source multipath: {file}: invalid or truncated JSON at line ", warning, StringComparison.Ordinal);
        Assert.EndsWith("; reading paths from sysfs instead (path checker, shaky and marginal states unknown)", warning, StringComparison.Ordinal);
        var siteEvent = Assert.Single(first.Events);
        Assert.Equal((SiteEventKind.Log, "mail01", "multipath"), (siteEvent.Kind, siteEvent.Entity, siteEvent.Source));
        Assert.Empty(second.Events);
        Assert.Equal(1, SourceUp("multipath"));
    }

    [Fact]
    public async Task ReadOnceAsync_SysfsPathStateUnreadable_LeavesTheActiveCountOutRatherThanZero()
    {
        using var tree = new SysfsTree(SysfsTree.ProcfsFixture);
        tree.Delete("/sys/block/sdc/device");
        var file = tree.Write("/saved/maps.json", "{");
        var (source, _) = FromFile(file, tree.Root);

        var samples = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.Equal(2, samples[("mail01/mpathA", MetricCatalog.MultipathPaths)]);
        Assert.False(samples.ContainsKey(("mail01/mpathA", MetricCatalog.MultipathActivePaths)));
        Assert.False(samples.ContainsKey(("mail01/sdc", MetricCatalog.PathUp)));
        Assert.Equal(1, samples[("mail01/sdb", MetricCatalog.PathUp)]);
    }

    [Fact]
    public async Task ReadOnceAsync_InvalidJsonAndNoSysfs_FailsNamingBothPlacesAndSuccessGoesToZero()
    {
        using var directory = new TemporaryDirectory();
        var file = directory.Write("maps.json", "multipathd: error -- can't connect to socket\n");
        var (source, _) = FromFile(file, directory.Path);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.StartsWith($"source multipath: {file}: invalid or truncated JSON at line 1, byte 1", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"; and the sysfs fallback failed too: {Path.Combine(directory.Path, "sys/block")}: not found", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, SourceUp("multipath"));
    }

    [Fact]
    public async Task ReadOnceAsync_OtherSchemaVersion_FallsBack()
    {
        using var tree = new SysfsTree(SysfsTree.ProcfsFixture);
        var file = tree.Write("/saved/maps.json", AssembledDocument(d => d["major_version"] = 1));
        var logs = new CollectingLogs();
        var (source, _) = FromFile(file, tree.Root, logs);

        var samples = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.Equal(1, samples[("mail01", MetricCatalog.MultipathFallback)]);
        Assert.Contains(logs.Lines, l => l.Text.Contains("JSON schema version 1.1, expected 0.x", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadOnceAsync_CommandPrintsTheJson_IsReadFromItsOutput()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("maps.json", AssembledDocument());
        var command = Script(directory, "multipathd", $"[ \"$*\" = 'show maps json' ] || exit 3\nexec cat '{directory.Path}/maps.json'\n");
        var source = FromCommand(command, directory.Path, TimeSpan.FromSeconds(5));

        var samples = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.Equal(0, samples[("mail01", MetricCatalog.MultipathFallback)]);
        Assert.Equal(1, samples[("mail01/sdcx", MetricCatalog.PathUp)]);
    }

    [Fact]
    public async Task ReadOnceAsync_CommandFailsWithAMessage_FallsBackQuotingIt()
    {
        using var tree = new SysfsTree(SysfsTree.ProcfsFixture);
        using var directory = new TemporaryDirectory();
        var command = Script(directory, "multipathd", "echo 'error -- cannot connect to socket' >&2\nexit 1\n");
        var logs = new CollectingLogs();
        var source = FromCommand(command, tree.Root, TimeSpan.FromSeconds(5), logs);

        var samples = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.Equal(1, samples[("mail01", MetricCatalog.MultipathFallback)]);
        var warning = Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning).Text;
        Assert.Contains($"{command} show maps json: ", warning, StringComparison.Ordinal);
        Assert.Contains("exit code 1 (error -- cannot connect to socket), and its output: invalid or truncated JSON at line 1", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnceAsync_MultipathdMissing_FallsBackToSysfs()
    {
        using var tree = new SysfsTree(SysfsTree.ProcfsFixture);
        var logs = new CollectingLogs();
        var missing = Path.Combine(tree.Root, "no-such-multipathd");
        var source = FromCommand(missing, tree.Root, TimeSpan.FromSeconds(5), logs);

        var samples = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.Equal(1, samples[("mail01", MetricCatalog.MultipathFallback)]);
        Assert.Equal(2, samples[("mail01/mpathB", MetricCatalog.MultipathPaths)]);
        Assert.StartsWith($"source multipath: {missing} show maps json: cannot run {missing}", Assert.Single(logs.Lines).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnceAsync_MultipathdHangs_IsKilledAtItsTimeoutWithItsChildrenAndTheSysfsFallbackIsUsed()
    {
        using var tree = new SysfsTree(SysfsTree.ProcfsFixture);
        using var directory = new TemporaryDirectory();
        var command = Script(directory, "multipathd", $"echo $$ > '{directory.Path}/multipathd.pid'\nsleep 600 &\necho $! > '{directory.Path}/sleep.pid'\nwait\n");
        var logs = new CollectingLogs();
        var source = FromCommand(command, tree.Root, TimeSpan.FromSeconds(1), logs);

        var samples = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.Equal(1, samples[("mail01", MetricCatalog.MultipathFallback)]);
        Assert.Equal(1, samples[("mail01/mpathA", MetricCatalog.MultipathActivePaths)]);
        Assert.Contains($"{command} show maps json: no answer within 1s; killed", Assert.Single(logs.Lines).Text, StringComparison.Ordinal);
        foreach (var pidFile in new[] { "multipathd.pid", "sleep.pid" })
        {
            var pid = int.Parse(File.ReadAllText(Path.Combine(directory.Path, pidFile)).Trim(), CultureInfo.InvariantCulture);
            Assert.False(IsRunning(pid), $"{pidFile} ({pid}) still runs after the timeout");
        }
    }

    [Fact]
    public async Task ReadOnceAsync_MultipathdAnswersAgain_LeavesTheFallbackAndSaysSo()
    {
        using var tree = new SysfsTree(SysfsTree.ProcfsFixture);
        var file = tree.Write("/saved/maps.json", "{\"maps\": [");
        var logs = new CollectingLogs();
        var (source, clock) = FromFile(file, tree.Root, logs);
        await source.ReadOnceAsync(CancellationToken.None);
        tree.Write("/saved/maps.json", AssembledDocument());
        clock.Advance(TimeSpan.FromSeconds(15));

        var samples = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.Equal(0, samples[("mail01", MetricCatalog.MultipathFallback)]);
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Information && l.Text.Contains("answers again", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_CommandTimeoutNotShorterThanTheSourceTimeout_NamesTheKey()
    {
        var options = new MultipathOptions { Timeout = TimeSpan.FromSeconds(10), CommandTimeout = TimeSpan.FromSeconds(10) };

        var message = Assert.Single(options.Validate("Agent:Sources:Multipath"));

        Assert.Equal(
            "Agent:Sources:Multipath:CommandTimeout = '00:00:10' is not valid: expected a time span above zero and shorter than the source's Timeout (00:00:10), so the sysfs fallback has time",
            message);
    }

    [Fact]
    public async Task SampleCommand_SavedOutput_PrintsMapsUnderTheirNames()
    {
        using var directory = new TemporaryDirectory();
        var file = directory.Write("maps.json", AssembledDocument());
        var output = new StringWriter();
        var command = CommandLine.Parse(["sample", "multipath", "--file", file, "--root", directory.Path, "--Agent:Host=mail01"]);

        var code = await AgentApplication.SampleAsync(command, output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Contains($"monitor_multipath_active_paths{{volume=\"{FcMap}\"}} 1 ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("monitor_multipath_fallback{host=\"mail01\"} 0 ", output.ToString(), StringComparison.Ordinal);
    }

    // Gone, or a zombie left for init to reap: either way it no longer runs.
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }
}
