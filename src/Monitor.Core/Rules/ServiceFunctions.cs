using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>
/// The functions of every service with their entity ids ("svc-01/pop3"), made once per topology:
/// the probe rules read each at every evaluation, and the id is the same string every time.
/// </summary>
internal static class ServiceFunctions
{
    private static readonly PerTopology<ServiceFunction[]> Functions = new(topology =>
        [.. topology.Services.SelectMany(s => s.Functions.Select(f => new ServiceFunction(s, f, s.FunctionId(f))))]);

    /// <summary>Every function of every service, in the order the topology lists them.</summary>
    public static ServiceFunction[] Of(SiteTopology topology) => Functions.Of(topology);
}
