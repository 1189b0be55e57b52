using Microsoft.Extensions.Options;
using Monitor.Agent;
using Monitor.Agent.Configuration;

try
{
    var command = CommandLine.Parse(args);
    if (command.Verb == "help")
    {
        await Console.Out.WriteLineAsync(CommandLine.Usage);
        return 0;
    }

    if (command.Verb == "version")
    {
        await Console.Out.WriteLineAsync(AgentApplication.Version.Describe("monitor-agent"));
        return 0;
    }

    if (command.Verb == "sample")
    {
        return await AgentApplication.SampleAsync(command, Console.Out, Console.Error, CancellationToken.None);
    }

    if (command.Verb == "check-config")
    {
        return await AgentApplication.CheckConfigAsync(command, Console.Out, CancellationToken.None);
    }

    if (command.Verb == "discover")
    {
        return await AgentApplication.DiscoverAsync(command, Console.Out, Console.Error, CancellationToken.None);
    }

    if (command.Verb == "run")
    {
        return await AgentApplication.RunReloadingAsync(command, Console.Error, CancellationToken.None);
    }

    using var host = AgentApplication.Build(command);
    return await AgentApplication.RunAsync(host, Console.Error, CancellationToken.None);
}
catch (ConfigurationError e)
{
    await Console.Error.WriteLineAsync($"monitor-agent: {e.Message}");
    return AgentApplication.ConfigurationExitCode;
}
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync($"monitor-agent: configuration is not valid:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", e.Failures)}");
    return AgentApplication.ConfigurationExitCode;
}
