using Monitor.Core.Incidents;
using Monitor.Core.Pipeline;
using Monitor.Core.Rules;
using Monitor.Core.Topology;

namespace Monitor.Agent.Tests.Detection;

/// <summary>A detection pipeline of mail01 on the CTY scenario's site, with every rule and the default settings.</summary>
internal static class CtyPipeline
{
    public static DetectionPipeline Create()
    {
        var topologyPath = Path.Combine(RepositoryPaths.Scenario("cty-2017"), "topology.json");
        using var stream = File.OpenRead(topologyPath);
        var topology = TopologyLoader.Load(stream, topologyPath);
        return new DetectionPipeline(topology, new DetectionOptions(), new IncidentLifecycleOptions(), DetectionPipeline.AllRules, "mail01");
    }
}
