using Microsoft.Extensions.Hosting;

namespace Monitor.Agent;

/// <summary>
/// Gives the memory of starting up back to the system once the agent runs. Reading the
/// configuration and the topology, building the services and binding the listener leave about
/// 10 MiB of garbage that a small, steady agent would otherwise keep resident until its first
/// collection, and the kept pages are what an operator compares with node_exporter's. So do the
/// pages of the executable that only starting read (<see cref="ExecutablePages"/>).
/// </summary>
internal static class StartupMemory
{
    /// <summary>
    /// Collects once, compacting and returning freed memory, and unmaps the executable's start-up
    /// pages, when <paramref name="host"/> has started.
    /// </summary>
    public static void ReleaseWhenStarted(IHost host)
    {
        var lifetime = host.Services.GetService(typeof(IHostApplicationLifetime)) as IHostApplicationLifetime;
        lifetime?.ApplicationStarted.Register(static () =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            ExecutablePages.Release();
        });
    }
}
