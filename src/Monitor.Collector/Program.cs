using Microsoft.AspNetCore.Connections;
using Monitor.Collector;
using Monitor.Collector.Configuration;

// Asking for help or the version answers on standard output and exits 0, without starting.
if (args.Any(a => a is "-h" or "--help" or "help"))
{
    await Console.Out.WriteLineAsync(CollectorApplication.Usage);
    return 0;
}

if (args.Any(a => a is "--version" or "version"))
{
    await Console.Out.WriteLineAsync(CollectorApplication.Version.Describe("monitor-collector"));
    return 0;
}

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
    return CollectorApplication.ConfigurationExitCode;
}
catch (IOException ex) when (ex.InnerException is AddressInUseException)
{
    // Another process (often a second collector) holds the port: a setting to change, not a crash.
    await Console.Error.WriteLineAsync(
        $"monitor-collector: Collector:Listen or Collector:HttpListen: {ex.Message} Another process listens there; stop it or choose another port.");
    return CollectorApplication.ConfigurationExitCode;
}
