namespace Monitor.Collector.Store;

/// <summary>
/// Opens and migrates the store when the collector starts. Hosted services start before the
/// server listens, so no push arrives at a store without its tables.
/// </summary>
internal sealed class StoreInitialization : IHostedService
{
    private readonly IIncidentStore _store;
    private readonly ILogger<StoreInitialization> _logger;

    public StoreInitialization(IIncidentStore store, ILogger<StoreInitialization> logger)
    {
        _store = store;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _store.InitializeAsync(cancellationToken);
        if (_store is SqlIncidentStore sql)
        {
            _logger.LogInformation("Incident store ready: {Store}", sql.Description);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
