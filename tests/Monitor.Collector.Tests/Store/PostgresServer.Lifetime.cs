namespace Monitor.Collector.Tests.Store;

/// <summary>xunit starts the one server of the run as a collection fixture.</summary>
public sealed partial class PostgresServer : IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => StartAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
