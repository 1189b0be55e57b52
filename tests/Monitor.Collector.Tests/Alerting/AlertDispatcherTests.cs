using System.Net;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Monitor.Collector.Alerting;
using Monitor.Collector.Configuration;
using Monitor.Collector.Merging;
using Monitor.Collector.Store;
using Monitor.Collector.Telemetry;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Alerting;

/// <summary>The alert loop on a fake clock, with Alertmanager and a webhook played by a recording HTTP handler.</summary>
public sealed class AlertDispatcherTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = CtyIncident.Onset.AddMinutes(30);

    private readonly TemporaryDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly RecordingHandler _http = new();
    private readonly CollectorOptions _options = new()
    {
        PublicUrl = "https://monitor.example.jp/",
        Alerting = new AlertingOptions
        {
            AlertmanagerUrl = "http://alertmanager.test:9093",
            Webhooks = ["http://hooks.test/monitor"],
            ResendInterval = TimeSpan.FromMinutes(1),
            RetryDelay = TimeSpan.Zero,
        },
    };

    private SqliteIncidentStore _store = null!;
    private IncidentStoreChanges _changes = null!;
    private AlertDispatcher _dispatcher = null!;
    private IncidentFailures _failures = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteIncidentStore(_directory.File("collector.db"), _time, _options.Merging);
        await _store.InitializeAsync(default);
        _changes = new IncidentStoreChanges();
        var options = Options.Create(_options);
        _failures = new IncidentFailures(Prometheus.Metrics.NewCustomRegistry(), NullLogger<IncidentFailures>.Instance);
        _dispatcher = NewDispatcher();
    }

    /// <summary>A dispatcher on the test's store, as a collector builds it at start (alone on SQLite, it holds the alert lease).</summary>
    private AlertDispatcher NewDispatcher()
    {
        var options = Options.Create(_options);
        var sender = new AlertSender(new HttpClient(_http), options, _time, NullLogger<AlertSender>.Instance);
        return new AlertDispatcher(
            new IncidentViews(_store, options, _time, _failures),
            _store,
            sender,
            new AlertLease(_store, options, Prometheus.Metrics.NewCustomRegistry(), _time, NullLogger<AlertLease>.Instance),
            _changes,
            new PublicAddress(_options.PublicUrl, () => null),
            options,
            _time,
            NullLogger<AlertDispatcher>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _dispatcher.StopAsync(default);
        _dispatcher.Dispose();
        _store.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Loop_OpenIncident_AlertsOnceWithItsLabelsAndResendsEveryInterval()
    {
        await _store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);

        await _dispatcher.StartAsync(default);
        using var first = JsonDocument.Parse(await _http.NextToAsync("/api/v2/alerts"));
        await _dispatcher.RoundsFinished(1);
        _time.Advance(TimeSpan.FromMinutes(1));
        using var second = JsonDocument.Parse(await _http.NextToAsync("/api/v2/alerts"));

        var alert = Assert.Single(first.RootElement.EnumerateArray());
        var labels = alert.GetProperty("labels");
        Assert.Equal("MonitorIncident", labels.GetProperty("alertname").GetString());
        Assert.Equal(CtyIncident.Id, labels.GetProperty("incident_id").GetString());
        Assert.Equal("critical", labels.GetProperty("severity").GetString());
        Assert.Equal("cty", labels.GetProperty("site").GetString());
        Assert.Equal("ctl-a", labels.GetProperty("root_entity").GetString());
        Assert.Equal("controller_failed", labels.GetProperty("root_kind").GetString());
        Assert.Equal("cty-mail", labels.GetProperty("service").GetString());
        Assert.Equal("becomes", labels.GetProperty("major_accident").GetString());
        Assert.Equal("50511", alert.GetProperty("annotations").GetProperty("affected_users").GetString());
        Assert.Equal($"https://monitor.example.jp/incidents/{CtyIncident.Id}", alert.GetProperty("generatorURL").GetString());
        Assert.Equal(Start.AddMinutes(3), alert.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal(Start.AddMinutes(4), Assert.Single(second.RootElement.EnumerateArray()).GetProperty("endsAt").GetDateTimeOffset());
        Assert.Single(_http.Seen, request => request.Url.Host == "hooks.test");
        var actions = (await _store.GetMergedIncidentAsync(CtyIncident.Id, default))!.Actions;
        Assert.Equal(OperatorActionKind.AlertSent, Assert.Single(actions).Kind);
    }

    [Fact]
    public async Task Loop_IncidentResolves_SendsItResolvedWithEndsAtNowAndTellsTheWebhook()
    {
        await _store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);
        await _dispatcher.StartAsync(default);
        await _http.NextToAsync("/api/v2/alerts");
        await _dispatcher.RoundsFinished(1);
        _time.Advance(TimeSpan.FromSeconds(20));
        var resolved = CtyIncident.Revision(4);
        resolved.State = IncidentState.Resolved;
        resolved.ResolvedAt = Timestamp.FromDateTimeOffset(CtyIncident.Recovery.AddMinutes(15));

        await _store.SaveRevisionsAsync(CtyIncident.Agent, [resolved], default);
        _changes.Announce(new StoredChange(StoredChangeKind.Revisions, [resolved.IncidentId]));
        using var alerts = JsonDocument.Parse(await _http.NextToAsync("/api/v2/alerts"));

        var alert = Assert.Single(alerts.RootElement.EnumerateArray());
        Assert.Equal(Start.AddSeconds(20), alert.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal("yes", alert.GetProperty("labels").GetProperty("major_accident").GetString());
        var hooks = _http.Seen.Where(r => r.Url.Host == "hooks.test").Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("event").GetString()).ToList();
        Assert.Equal(["firing", "resolved"], hooks);
        await _dispatcher.RoundsFinished(2);
        var actions = (await _store.GetMergedIncidentAsync(CtyIncident.Id, default))!.Actions.Select(a => a.Kind);
        Assert.Equal([OperatorActionKind.AlertSent, OperatorActionKind.AlertResolved], actions);
    }

    [Fact]
    public async Task Round_CollectorRestartedWhileAnIncidentFires_TellsTheWebhookOnlyOfTheResolve()
    {
        await _store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);
        await _dispatcher.SendRoundAsync(default);

        // A new process: what was sent is read from the store, not from memory.
        using var restarted = NewDispatcher();
        await restarted.SendRoundAsync(default);
        var resolved = CtyIncident.Revision(4);
        resolved.State = IncidentState.Resolved;
        resolved.ResolvedAt = Timestamp.FromDateTimeOffset(CtyIncident.Recovery.AddMinutes(15));
        await _store.SaveRevisionsAsync(CtyIncident.Agent, [resolved], default);
        await restarted.SendRoundAsync(default);

        var hooks = _http.Seen.Where(r => r.Url.Host == "hooks.test").Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["firing", "resolved"], hooks.Select(h => h.GetProperty("event").GetString()));
        Assert.Equal([$"{CtyIncident.Id}/1", $"{CtyIncident.Id}/2"], hooks.Select(h => h.GetProperty("changeKey").GetString()));
        Assert.Equal(3, _http.Seen.Count(r => r.Url.Host == "alertmanager.test"));
        var actions = (await _store.GetMergedIncidentAsync(CtyIncident.Id, default))!.Actions.Select(a => a.Kind);
        Assert.Equal([OperatorActionKind.AlertSent, OperatorActionKind.AlertResolved], actions);
    }

    [Fact]
    public async Task Round_IncidentOpenedAndResolvedBeforeAnyRound_TellsTheWebhookBothInOrder()
    {
        // What a replica that takes the alert lease over finds: a change nobody alerted on.
        var resolved = CtyIncident.Revision(4);
        resolved.State = IncidentState.Resolved;
        resolved.ResolvedAt = Timestamp.FromDateTimeOffset(CtyIncident.Recovery.AddMinutes(15));
        await _store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1), resolved], default);

        await _dispatcher.SendRoundAsync(default);
        await _dispatcher.SendRoundAsync(default);

        var hooks = _http.Seen.Where(r => r.Url.Host == "hooks.test").Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["firing 1", "resolved 2"], hooks.Select(h => $"{h.GetProperty("event").GetString()} {h.GetProperty("changeKey").GetString()![(CtyIncident.Id.Length + 1)..]}"));
        using var alerts = JsonDocument.Parse(_http.Seen.Single(r => r.Url.Host == "alertmanager.test").Body);
        Assert.Equal(Start, Assert.Single(alerts.RootElement.EnumerateArray()).GetProperty("endsAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Round_ThreeAgentsOneFault_SendsOneAlert()
    {
        foreach (var host in new[] { "mail01", "mail02", "mail03" })
        {
            await _store.SaveRevisionsAsync(CtyFixture.AgentOn(host), [CtyFixture.AsHost(host)[0]], default);
        }

        var sent = await _dispatcher.SendRoundAsync(default);

        Assert.Equal(1, sent);
        using var alerts = JsonDocument.Parse(_http.Seen.Single(r => r.Url.AbsolutePath == "/api/v2/alerts").Body);
        Assert.Single(alerts.RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Round_WebhookAnswers503Once_IsRetriedAndDelivered()
    {
        await _store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);
        _http.AnswerNext(HttpStatusCode.ServiceUnavailable);

        await _dispatcher.SendRoundAsync(default);

        Assert.Equal(2, _http.Seen.Count(r => r.Url.Host == "hooks.test"));
        Assert.Single(_http.Seen, r => r.Url.Host == "alertmanager.test");
    }

    [Fact]
    public async Task Round_OnePoisonedIncidentInTheStore_StillAlertsTheOthers()
    {
        await _store.SaveRevisionsAsync(CtyIncident.Agent, [PoisonedIncident.Revision()], default);
        await _store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);

        var sent = await _dispatcher.SendRoundAsync(default);

        Assert.Equal(1, sent);
        using var alerts = JsonDocument.Parse(_http.Seen.Single(r => r.Url.AbsolutePath == "/api/v2/alerts").Body);
        Assert.Equal(CtyIncident.Id, Assert.Single(alerts.RootElement.EnumerateArray()).GetProperty("labels").GetProperty("incident_id").GetString());
        Assert.Equal(1, _failures.Count(IncidentFailures.Alert));
    }

    [Fact]
    public async Task Round_OpenIncidentOlderThanThePageListLimit_IsStillAlerted()
    {
        await _store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);
        var newer = Enumerable.Range(1, IncidentViews.ListLimit + 50).Select(i => OtherRoot($"inc-newer-{i}", TimeSpan.FromMinutes(i))).ToList();
        await _store.SaveRevisionsAsync(CtyIncident.Agent, newer, default);

        var sent = await _dispatcher.SendRoundAsync(default);

        Assert.Equal(IncidentViews.ListLimit + 51, sent);
        var posts = _http.Seen.Where(r => r.Url.AbsolutePath == "/api/v2/alerts").Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.All(posts, p => Assert.InRange(p.GetArrayLength(), 1, AlertDispatcher.AlertmanagerBatch));
        var ids = posts.SelectMany(p => p.EnumerateArray()).Select(a => a.GetProperty("labels").GetProperty("incident_id").GetString()).ToList();
        Assert.Equal(IncidentViews.ListLimit + 51, ids.Distinct().Count());
        Assert.Equal(CtyIncident.Id, ids[0]);
    }

    [Fact]
    public async Task Loop_IncidentOpensAfterTheFirstRound_IsSentAloneAtOnce()
    {
        await _store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1), OtherRoot("inc-other", TimeSpan.FromMinutes(5))], default);
        await _dispatcher.StartAsync(default);
        using var first = JsonDocument.Parse(await _http.NextToAsync("/api/v2/alerts"));
        await _dispatcher.RoundsFinished(1);

        var late = OtherRoot("inc-late", TimeSpan.FromMinutes(40));
        await _store.SaveRevisionsAsync(CtyIncident.Agent, [late], default);
        _changes.Announce(new StoredChange(StoredChangeKind.Revisions, [late.IncidentId]));
        using var second = JsonDocument.Parse(await _http.NextToAsync("/api/v2/alerts"));

        Assert.Equal(2, first.RootElement.GetArrayLength());
        var alert = Assert.Single(second.RootElement.EnumerateArray());
        Assert.Equal("inc-late", alert.GetProperty("labels").GetProperty("incident_id").GetString());
        Assert.Equal(Start, _time.GetUtcNow());
    }

    [Fact]
    public async Task Loop_ChangesKeepComing_StillResendsEveryIncidentEveryInterval()
    {
        await _store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1), OtherRoot("inc-other", TimeSpan.FromMinutes(5))], default);
        await _dispatcher.StartAsync(default);
        await _http.NextToAsync("/api/v2/alerts");
        await _dispatcher.RoundsFinished(1);

        // A change every 20 s: each wakes a round of the changed incident only, and none may put
        // off the resend: at 60 s, every incident is sent again.
        for (var round = 2; round <= 4; round++)
        {
            _time.Advance(TimeSpan.FromSeconds(20));
            await _store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(round)], default);
            _changes.Announce(new StoredChange(StoredChangeKind.Revisions, [CtyIncident.Id]));
            await _dispatcher.RoundsFinished(round);
        }

        // Rounds 2 and 3 sent the changed one alone; at 60 s every incident goes again (the change
        // announced just then may be sent alone first, or after, as the clock and the change race).
        var posts = new List<int>();
        while (posts.Count == 0 || posts[^1] != 2)
        {
            posts.Add(JsonDocument.Parse(await _http.NextToAsync("/api/v2/alerts")).RootElement.GetArrayLength());
        }

        Assert.Equal([1, 1], posts.Take(2));
        Assert.InRange(posts.Count, 3, 4);
    }

    /// <summary>An open incident of its own (another root, so it is not merged with CTY's), opened <paramref name="after"/> CTY's.</summary>
    private static IncidentRevision OtherRoot(string id, TimeSpan after)
    {
        var revision = CtyIncident.Revision(1, id);
        revision.RootCause.Entity = $"ctl-{id}";
        revision.OpenedAt = Timestamp.FromDateTimeOffset(CtyIncident.Onset + after);
        return revision;
    }
}
