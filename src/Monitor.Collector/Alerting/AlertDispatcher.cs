using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Merging;
using Monitor.Collector.Store;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Alerting;

/// <summary>
/// Keeps on-call's view of every merged incident true: one alert per incident, sent when it
/// opens (at once, on the store's announcement of a change), sent again every <see cref="AlertingOptions.ResendInterval"/>
/// while it fires, and sent resolved (endsAt = now) when it resolves. Webhooks hear of the
/// transitions: firing, a change of the major-accident status, resolved, each once: what was
/// sent is recorded in the store (<see cref="AlertState"/>), so a restart, or another replica
/// taking over, goes on from there. Only the holder of the <see cref="AlertLease"/> sends; the
/// others follow the same changes and stay quiet. Time comes from the TimeProvider, so the resend
/// loop runs on a fake clock in tests.
/// </summary>
public sealed class AlertDispatcher : BackgroundService
{
    /// <summary>Alerts posted to Alertmanager at a time, so that a round of many sends the first ones early.</summary>
    public const int AlertmanagerBatch = 50;

    /// <summary>Changed incidents looked at in one round at most; the others wait for the next, in turn.</summary>
    public const int ChangeRoundSize = 20;

    /// <summary>Who the timeline shows as the actor of the collector's own alerts.</summary>
    public const string Actor = "monitor-collector";

    private readonly IncidentViews _views;
    private readonly IIncidentStore _store;
    private readonly AlertSender _sender;
    private readonly AlertLease _lease;
    private readonly AlertRoundSignal _signal = new();
    private readonly IDisposable _subscription;
    private readonly PublicAddress _address;
    private readonly AlertingOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AlertDispatcher> _logger;
    private readonly List<(int Rounds, TaskCompletionSource Done)> _roundWaiters = [];
    private int _rounds;

    /// <summary>Creates the loop.</summary>
    public AlertDispatcher(
        IncidentViews views,
        IIncidentStore store,
        AlertSender sender,
        AlertLease lease,
        IncidentStoreChanges changes,
        PublicAddress address,
        IOptions<CollectorOptions> options,
        TimeProvider timeProvider,
        ILogger<AlertDispatcher> logger)
    {
        _views = views;
        _store = store;
        _sender = sender;
        _lease = lease;
        _subscription = changes.Subscribe(change => _signal.Notify(change.IncidentIds));
        lease.WhenGained(_signal.NotifyEverything);
        _address = address;
        _options = options.Value.Alerting;
        _timeProvider = timeProvider;
        _logger = logger;
        TimeZone = views.TimeZone;
    }

    /// <summary>The collector's zone: alert texts of an agent that sent no site zone use it, the others their site's.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>
    /// Completes once the loop has finished <paramref name="rounds"/> rounds since it started and
    /// waits for the resend interval or a change: a test advances its fake clock only then.
    /// </summary>
    public Task RoundsFinished(int rounds)
    {
        lock (_roundWaiters)
        {
            if (_rounds >= rounds)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _roundWaiters.Add((rounds, done));
            return done.Task;
        }
    }

    /// <summary>
    /// A full round: every incident on-call must still hear about (all the unresolved ones and those
    /// still firing, however many newer incidents there are) is sent to Alertmanager, firing, and
    /// every one that fired and is now resolved is sent resolved. Returns how many alerts were sent;
    /// none when another replica holds the alert lease (the round stops where this replica loses it).
    /// </summary>
    public async Task<int> SendRoundAsync(CancellationToken cancellationToken)
    {
        if (!_lease.IsHeld)
        {
            return 0;
        }

        return await SendChangedAsync(InTurnByAgent(await _store.ListAlertCandidatesAsync(cancellationToken)), cancellationToken);
    }

    /// <summary>
    /// A round over the incidents named (agent or merged ids) only, run as soon as the store
    /// announces their change: its cost is theirs, whatever else the store holds, so a new incident
    /// pages on-call at once. Returns how many alerts were sent, as <see cref="SendRoundAsync"/>.
    /// </summary>
    public async Task<int> SendChangedAsync(IReadOnlyCollection<string> incidentIds, CancellationToken cancellationToken)
    {
        if (!_lease.IsHeld)
        {
            return 0;
        }

        var views = new Dictionary<string, IncidentView>(StringComparer.Ordinal);
        foreach (var id in incidentIds)
        {
            try
            {
                if (await _views.GetAsync(id, IncidentFailures.Alert, cancellationToken) is { } view)
                {
                    views.TryAdd(view.Id, view);
                }
            }
            catch (IncidentViewException)
            {
                // Logged and counted by the views; the others are still sent.
            }
        }

        return await SendAsync(views.Values, cancellationToken);
    }

    private async Task<int> SendAsync(IEnumerable<IncidentView> views, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var sent = await _store.ReadAlertStatesAsync(cancellationToken);
        var alerts = new List<AlertmanagerAlert>();
        var posted = 0;
        foreach (var view in views)
        {
            if (!_lease.IsHeld)
            {
                return 0;
            }

            try
            {
                await AlertAsync(view, sent.GetValueOrDefault(view.Id), alerts, now, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One incident's failure must not hold back the alerts of the others.
                _views.Failed(IncidentFailures.Alert, view.Id, ex);
            }

            if (alerts.Count - posted >= AlertmanagerBatch)
            {
                // A long round does not hold back the alerts it has already made.
                await _sender.SendToAlertmanagerAsync(alerts[posted..], cancellationToken);
                posted = alerts.Count;
            }
        }

        if (!_lease.IsHeld)
        {
            return 0;
        }

        if (alerts.Count > posted)
        {
            await _sender.SendToAlertmanagerAsync(alerts[posted..], cancellationToken);
        }

        return alerts.Count;
    }

    /// <summary>
    /// Adds the incident's alert to <paramref name="alerts"/>, and tells the webhooks of a change
    /// since <paramref name="sent"/> (what on-call was last told), then records it. Sent first,
    /// recorded after: a replica killed between the two leaves the change to the next sender,
    /// who sends it again with the same change key (at least once, never lost).
    /// </summary>
    private async Task AlertAsync(IncidentView view, AlertState? sent, List<AlertmanagerAlert> alerts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var url = _address.IncidentPage(view.Id);
        var labels = AlertContent.Labels(view);
        var annotations = AlertContent.Annotations(view, view.TimeZone);
        var firing = sent is { Firing: true };
        var major = AlertContent.MajorAccidentWord(view.Classification.MajorAccident);
        var change = (sent?.Changes ?? 0) + 1;
        var alerting = _sender.HasAlertmanager || _sender.HasWebhooks;
        if (!view.IsResolved)
        {
            alerts.Add(new AlertmanagerAlert(labels, annotations, view.Incident.OpenedAt.ToDateTimeOffset(), now + (3 * _options.ResendInterval), url));
            if (firing && sent!.MajorAccident == major)
            {
                return;
            }

            await _sender.SendToWebhooksAsync(Payload(firing ? "changed" : "firing", view, labels, url, now, change), cancellationToken);
            OperatorAction[] actions = !firing && alerting
                ? [new OperatorAction(OperatorActionKind.AlertSent, Actor, $"alert {AlertContent.AlertName} {view.Id} firing", now)]
                : [];
            await _store.RecordAlertAsync(new AlertState(view.Id, true, major, change), actions, cancellationToken);
        }
        else if (firing || sent is null)
        {
            // Never told at all (it opened and resolved while no replica held the lease, or the
            // sender died before recording its firing): both changes, in order.
            var actions = new List<OperatorAction>();
            if (sent is null)
            {
                await _sender.SendToWebhooksAsync(Payload("firing", view, labels, url, now, change), cancellationToken);
                actions.Add(new OperatorAction(OperatorActionKind.AlertSent, Actor, $"alert {AlertContent.AlertName} {view.Id} firing", now));
                change++;
            }

            alerts.Add(new AlertmanagerAlert(labels, annotations, view.Incident.OpenedAt.ToDateTimeOffset(), now, url));
            await _sender.SendToWebhooksAsync(Payload("resolved", view, labels, url, now, change), cancellationToken);
            actions.Add(new OperatorAction(OperatorActionKind.AlertResolved, Actor, $"alert {AlertContent.AlertName} {view.Id} resolved", now));
            await _store.RecordAlertAsync(new AlertState(view.Id, false, major, change), alerting ? actions : [], cancellationToken);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A full round at start and every resend interval, counted from the last full round (so a
        // steady stream of changes never puts the resend off); a round of the changed incidents
        // whenever the store announces a change in between.
        IReadOnlyCollection<string>? changed = null;
        var nextFull = _timeProvider.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (changed is null)
                {
                    _signal.Take();
                    nextFull = _timeProvider.GetUtcNow() + _options.ResendInterval;
                    changed = InTurnByAgent(await _store.ListAlertCandidatesAsync(stoppingToken));
                }

                // A bounded slice: the rest goes back in line, in turn with what arrives meanwhile,
                // so a new incident waits for at most a slice, not for a full round or for the
                // thousand incidents another agent pushed a moment before.
                if (changed.Count > ChangeRoundSize)
                {
                    _signal.Notify(changed.Skip(ChangeRoundSize));
                }

                if (changed.Count > 0)
                {
                    await SendChangedAsync([.. changed.Take(ChangeRoundSize)], stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A broken store or a bug in one round must not end alerting for good.
                _logger.LogError(ex, "The alert round failed; trying again in {Interval}", _options.ResendInterval);
            }

            using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var wait = nextFull - _timeProvider.GetUtcNow();
            var resend = Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _timeProvider, round.Token);
            var change = _signal.WaitAsync(round.Token);
            FinishRound();
            try
            {
                var first = await Task.WhenAny(resend, change);
                changed = first == resend && resend.IsCompletedSuccessfully ? null : _signal.Take();
            }
            finally
            {
                // The other wait is cancelled: a change that arrives from now on is seen next time.
                await round.CancelAsync();
            }
        }
    }

    /// <summary>
    /// The candidates' ids with each agent's incidents in turn (the oldest of each agent, then the
    /// next of each, ...): after a restart, one agent's thousands of incidents never told do not
    /// go before another agent's one.
    /// </summary>
    public static IReadOnlyList<string> InTurnByAgent(IReadOnlyList<AlertCandidate> candidates)
    {
        var byAgent = candidates.GroupBy(c => c.Owner, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var inTurn = new List<string>(candidates.Count);
        for (var i = 0; inTurn.Count < candidates.Count; i++)
        {
            inTurn.AddRange(byAgent.Where(g => i < g.Count).Select(g => g[i].MergedId));
        }

        return inTurn;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _subscription.Dispose();
        base.Dispose();
    }

    private void FinishRound()
    {
        lock (_roundWaiters)
        {
            _rounds++;
            foreach (var waiter in _roundWaiters.Where(w => w.Rounds <= _rounds).ToList())
            {
                waiter.Done.TrySetResult();
                _roundWaiters.Remove(waiter);
            }
        }
    }

    private static WebhookPayload Payload(string kind, IncidentView view, IReadOnlyDictionary<string, string> labels, string url, DateTimeOffset now, long change) =>
        new(
            kind,
            now,
            view.Id,
            url,
            view.Incident.Title,
            labels["severity"],
            IncidentWords.Of(view.Incident.State),
            labels,
            view.Incident.AffectedUsersMax,
            AlertContent.MajorAccidentWord(view.Classification.MajorAccident),
            view.Classification.MajorAccidentAt,
            view.Incident.OpenedAt.ToDateTimeOffset(),
            view.Incident.RecoveredAt?.ToDateTimeOffset(),
            $"{view.Id}/{change}");
}
