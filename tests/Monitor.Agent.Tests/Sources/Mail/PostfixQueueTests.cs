using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Mail;
using Monitor.Agent.Telemetry;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Sources.Mail;

public sealed class PostfixQueueTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1723133392 + 3600);

    private static SourceContext Context(TimeProvider clock, SourceHealth? health = null) =>
        new("mail01", clock, health ?? new SourceHealth(), NullLoggerFactory.Instance, new AgentMetrics());

    private static string Fixture(params string[] parts) =>
        RepositoryPaths.Fixture(parts);

    private static double Value(SourceReading reading, string entity, string metric) =>
        Assert.Single(reading.Samples, s => s.Entity == entity && s.Metric == metric).Value;

    [Fact]
    public async Task ReadOnceAsync_RealSavedListing_ReportsEveryQueueWithZerosForEmptyOnes()
    {
        var source = new PostfixQueue(new PostfixQueueOptions { InputFile = Fixture("postqueue-j", "proxmox_blog_deferred.jsonl") }, Context(new FakeTimeProvider(Now)));

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(1, Value(reading, "mail01/deferred", MetricCatalog.MailQueueMessages));
        Assert.Equal(24590, Value(reading, "mail01/deferred", MetricCatalog.MailQueueBytes));
        Assert.Equal(3600, Value(reading, "mail01/deferred", MetricCatalog.MailQueueOldestAge));
        foreach (var queue in new[] { "maildrop", "hold", "incoming", "active" })
        {
            Assert.Equal(0, Value(reading, $"mail01/{queue}", MetricCatalog.MailQueueMessages));
            Assert.Equal(0, Value(reading, $"mail01/{queue}", MetricCatalog.MailQueueOldestAge));
        }

        Assert.Equal(1, Value(reading, "mail01", MetricCatalog.MailDeferredRecipients));
        Assert.Equal(1, Value(reading, "mail01", MetricCatalog.MailDeferredDomains));
        Assert.Equal(1, Value(reading, "mail01/policy", MetricCatalog.MailDeferredByReason));
        Assert.Equal(0, Value(reading, "mail01/dns", MetricCatalog.MailDeferredByReason));
        Assert.All(reading.Samples, s => Assert.True(MetricCatalog.TryGet(s.Metric, out _), s.Metric));
    }

    [Fact]
    public async Task ReadOnceAsync_ArrivalInTheFuture_OldestAgeIsZeroNotNegative()
    {
        using var dir = new TemporaryDirectory();
        var file = dir.Write("q.jsonl", """{"queue_name": "incoming", "arrival_time": 1723140000, "message_size": 5, "recipients": []}""" + "\n");
        var source = new PostfixQueue(new PostfixQueueOptions { InputFile = file }, Context(new FakeTimeProvider(Now)));

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(0, Value(reading, "mail01/incoming", MetricCatalog.MailQueueOldestAge));
        Assert.Equal(1, Value(reading, "mail01/incoming", MetricCatalog.MailQueueMessages));
    }

    [Fact]
    public async Task ReadOnceAsync_TruncatedSavedListing_FailsNamingSourceFileAndLineAndHealthSaysSo()
    {
        using var dir = new TemporaryDirectory();
        var good = File.ReadAllText(Fixture("postqueue-j", "proxmox_blog_deferred.jsonl")).TrimEnd();
        var file = dir.Write("cut.jsonl", good + "\n" + good[..100]);
        var health = new SourceHealth();
        var source = new PostfixQueue(new PostfixQueueOptions { InputFile = file }, Context(TimeProvider.System, health));

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.StartsWith($"source postfix-queue: {file} line 2: not a JSON queue entry", error.Message, StringComparison.Ordinal);
        Assert.False(health.All["postfix-queue"].Ok);
    }

    [Fact]
    public async Task ReadOnceAsync_MissingSavedListing_FailsNamingTheFile()
    {
        var source = new PostfixQueue(new PostfixQueueOptions { InputFile = "/nonexistent/postqueue.jsonl" }, Context(TimeProvider.System));

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Contains("/nonexistent/postqueue.jsonl", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("source postfix-queue:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnceAsync_PostqueueNotInstalled_FailsNamingTheCommand()
    {
        var source = new PostfixQueue(new PostfixQueueOptions { Command = "/nonexistent/postqueue" }, Context(TimeProvider.System));

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.StartsWith("source postfix-queue: /nonexistent/postqueue -j: cannot run '/nonexistent/postqueue'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnceAsync_PostqueueFails_ReportsItsExitCodeAndMessage()
    {
        // The real postqueue, pointed at a configuration directory that has no main.cf.
        using var dir = new TemporaryDirectory();
        Assert.True(File.Exists("/usr/sbin/postqueue"), "install the Debian package 'postfix' (apt-get install postfix)");
        var source = new PostfixQueue(new PostfixQueueOptions { Command = "/usr/sbin/postqueue", ConfigDirectory = dir.Path }, Context(TimeProvider.System));

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.StartsWith($"source postfix-queue: /usr/sbin/postqueue -c {dir.Path} -j exited with code", error.Message, StringComparison.Ordinal);
        Assert.Contains("main.cf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task ReadOnceAsync_PostqueueHangs_IsKilledAtTheTimeoutAndGone()
    {
        // A postqueue that never answers (a Postfix whose showq is stuck): a script that records
        // its process id and becomes `sleep`. The clock is fake, so the only thing that ends the
        // read is the source's own timeout cancelling the command.
        using var dir = new TemporaryDirectory();
        var pidFile = Path.Combine(dir.Path, "pid");
        var script = dir.Write("postqueue", $"#!/bin/sh\necho $$ > {pidFile}\nexec sleep 600\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var health = new SourceHealth();
        var source = new PostfixQueue(new PostfixQueueOptions { Command = script, Timeout = TimeSpan.FromSeconds(1) }, Context(new FakeTimeProvider(Now), health));

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal("source postfix-queue: no answer within its 1s timeout", error.Message);
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Directory.Exists($"/proc/{pid}"), $"the hung postqueue (pid {pid}) is still there");
        Assert.False(health.All["postfix-queue"].Ok);
    }

    [Fact]
    public async Task SampleCommand_SavedListing_PrintsQueueMetricsAsOpenMetrics()
    {
        var definition = SourceRegistry.Find("postfix-queue")!;
        var options = new AgentOptions();
        options.Sources.Of(PostfixQueue.Definition).InputFile = Fixture("postqueue-j", "proxmox_blog_deferred.jsonl");
        var output = new StringWriter();

        var code = await SampleCommand.RunAsync(definition, options.Sources, Context(TimeProvider.System), output, TextWriter.Null, CancellationToken.None, TimeSpan.Zero);

        Assert.Equal(0, code);
        Assert.Contains("monitor_mail_queue_messages{host=\"mail01\",queue=\"deferred\"} 1", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingConfigDirectory_NamesTheKey()
    {
        var options = new PostfixQueueOptions { ConfigDirectory = "/nonexistent/postfix" };

        var problem = Assert.Single(options.Validate("Agent:Sources:PostfixQueue"));

        Assert.StartsWith("Agent:Sources:PostfixQueue:ConfigDirectory = '/nonexistent/postfix' is not valid", problem, StringComparison.Ordinal);
    }
}
