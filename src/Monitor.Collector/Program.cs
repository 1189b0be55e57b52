using Monitor.Collector;
using Monitor.Collector.Configuration;

try
{
    var app = CollectorApplication.Build(args);
    await app.RunAsync();
    return 0;
}
catch (CollectorConfigurationException ex)
{
    // One line an operator can act on; a stack trace would only bury the key that is wrong.
    await Console.Error.WriteLineAsync($"monitor-collector: configuration error: {ex.Message}");
    return 2;
}
