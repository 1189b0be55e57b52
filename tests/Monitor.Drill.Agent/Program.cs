using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitor.Agent;
using Monitor.Agent.Clocks;
using Monitor.Agent.Configuration;
using Monitor.Agent.Outbox;
using Monitor.Agent.Revisions;
using Monitor.Drill.Agent;

// The real agent (its configuration, DI, durable outbox, delivery worker and collector client);
// only the revisions come from the drill instead of the detection pipeline. Standard output
// carries the drill's lines and nothing else (the agent logs to standard error).
DrillArguments drill;
try
{
    drill = DrillArguments.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"monitor-drill-agent: {e.Message}");
    return 2;
}

IHost host;
try
{
    host = AgentApplication.Build([.. drill.AgentArgs]);
}
catch (ConfigurationError e)
{
    await Console.Error.WriteLineAsync($"monitor-drill-agent: {e.Message}");
    return 2;
}

using (host)
{
    await host.StartAsync();
    var outbox = host.Services.GetRequiredService<IOutbox>();
    var agent = host.Services.GetRequiredService<RevisionMapper>().Agent;
    var wallClock = host.Services.GetRequiredService<WallClock>().Time;
    Console.WriteLine($"started pending={outbox.Count}");

    for (var index = drill.From; index < drill.Burst.Count; index++)
    {
        var revision = drill.Burst.Revision(index, agent);
        try
        {
            await outbox.AppendAsync(revision, CancellationToken.None);
        }
        catch (OutboxWriteException e)
        {
            await Console.Error.WriteLineAsync($"monitor-drill-agent: {e.Message}");
            return 1;
        }

        // Only now: AppendAsync returns after the record is fsync'd.
        Console.WriteLine($"accepted {revision.IdempotencyKey}");
        if (drill.Pace > TimeSpan.Zero)
        {
            await Task.Delay(drill.Pace, wallClock);
        }
    }

    Console.WriteLine($"burst accepted {drill.Burst.Count - drill.From}");
    if (drill.Drain)
    {
        await outbox.WaitUntilEmptyAsync(CancellationToken.None);
        Console.WriteLine("drained");
    }

    await host.StopAsync();
}

return 0;
