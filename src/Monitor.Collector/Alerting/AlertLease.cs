using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Store;
using Prometheus;

namespace Monitor.Collector.Alerting;

/// <summary>
/// Which collector replica sends the alerts: the one holding the alert lease, a row of the
/// shared PostgreSQL store that it renews every <see cref="AlertingOptions.LeaseRenewInterval"/>
/// for <see cref="AlertingOptions.LeaseDuration"/>, by the database's clock. When the holder
/// dies (SIGKILL, power, network), its lease runs out and another replica takes it at its next
/// renewal: alerting stops for at most LeaseDuration + LeaseRenewInterval. A holder counts itself
/// as holding only until its last renewal's start plus LeaseDuration on its own monotonic clock,
/// which ends before the database lets another replica take over; so a holder cut off from the
/// database stops sending before the next one starts. A clean stop gives the lease up at once.
/// Alone on SQLite the collector always holds it.
/// </summary>
public sealed class AlertLease : BackgroundService
{
    /// <summary>The lease's name in the store.</summary>
    public const string Name = "alerts";

    private readonly ILeaseStore? _leases;
    private readonly AlertingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertLease> _logger;
    private readonly Gauge _held;
    private readonly List<Action> _gained = [];
    private long _validUntil;
    private bool? _reportedHeld;

    /// <summary>Creates the lease keeper; it starts with the collector.</summary>
    public AlertLease(IIncidentStore store, IOptions<CollectorOptions> options, CollectorRegistry registry, TimeProvider time, ILogger<AlertLease> logger)
    {
        _leases = store as ILeaseStore;
        _options = options.Value.Alerting;
        _time = time;
        _logger = logger;
        Holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
        _held = Metrics.WithCustomRegistry(registry).CreateGauge(
            "monitor_collector_alert_lease_held",
            "1 when this collector holds the alert lease and so sends the alerts (always 1 alone on SQLite), 0 when another replica does.");
        if (_leases is null)
        {
            _validUntil = long.MaxValue;
            _held.Set(1);
        }
    }

    /// <summary>How this replica names itself in the lease: host / process id / a random part.</summary>
    public string Holder { get; }

    /// <summary>True while this replica may send alerts.</summary>
    public bool IsHeld => _leases is null || _time.GetTimestamp() < Volatile.Read(ref _validUntil);

    /// <summary>Calls <paramref name="gained"/> each time this replica takes the lease, so the alert loop starts a round at once.</summary>
    public void WhenGained(Action gained)
    {
        lock (_gained)
        {
            _gained.Add(gained);
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_leases is null || _reportedHeld != true)
        {
            return;
        }

        // Stop sending first, then let the next replica take over without waiting for expiry.
        Volatile.Write(ref _validUntil, 0);
        _held.Set(0);
        try
        {
            await _leases.ReleaseLeaseAsync(Name, Holder, cancellationToken);
            _logger.LogInformation("Gave the alert lease up ({Holder}); another replica sends the alerts now", Holder);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning("Could not give the alert lease up ({Problem}); another replica takes it when it expires", ex.Message);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_leases is null)
        {
            return;
        }

        var duration = (long)(_options.LeaseDuration.TotalSeconds * _time.TimestampFrequency);
        while (!stoppingToken.IsCancellationRequested)
        {
            var asked = _time.GetTimestamp();
            try
            {
                if (await _leases.TryHoldLeaseAsync(Name, Holder, _options.LeaseDuration, stoppingToken))
                {
                    Volatile.Write(ref _validUntil, asked + duration);
                }
                else
                {
                    Volatile.Write(ref _validUntil, 0);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Held or not, the lease ends by itself when renewals keep failing.
                _logger.LogWarning("Could not renew the alert lease ({Problem}); trying again in {Interval}", ex.Message, _options.LeaseRenewInterval);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await ReportAsync(stoppingToken);
            try
            {
                await Task.Delay(_options.LeaseRenewInterval, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReportAsync(CancellationToken cancellationToken)
    {
        var held = IsHeld;
        _held.Set(held ? 1 : 0);
        if (held == _reportedHeld)
        {
            return;
        }

        _reportedHeld = held;
        if (held)
        {
            _logger.LogInformation("This collector holds the alert lease ({Holder}) and sends the alerts", Holder);
            Action[] gained;
            lock (_gained)
            {
                gained = [.. _gained];
            }

            foreach (var action in gained)
            {
                action();
            }

            return;
        }

        string? other = null;
        try
        {
            other = await _leases!.LeaseHolderAsync(Name, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only for the log line.
        }

        _logger.LogInformation("Another replica holds the alert lease ({Other}); this collector does not send alerts", other ?? "nobody yet");
    }
}
