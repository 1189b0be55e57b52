using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>
/// A volume rebuilds onto a drive (the storage service's own word, Redfish Volume Operations):
/// until it ends, the volume has no redundancy left and the rebuild's I/O loads its drives and
/// controller. A precursor, as N-1 headroom is: no incident alone, but the cause in the chain when
/// the volume's latency or its survivor's load fails next. Worse while a controller of the volume
/// is down: the survivor carries the volume and the rebuild alone (seed 001's degraded operation).
/// </summary>
public sealed class VolumeRebuilding : IRule
{
    // The volumes of the topology, found once per topology.
    private static readonly PerTopology<Entity[]> Volumes = new(topology => [.. topology.Entities.Where(e => e.Type == EntityType.Volume)]);

    /// <inheritdoc/>
    public string Name => "volume-rebuilding";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var volume in Volumes.Of(context.Topology))
        {
            var state = context.Fresh(volume.Id, MetricCatalog.VolumeRebuilding, 1);
            if (state.Count == 0 || state[0].Value != 1)
            {
                continue;
            }

            var since = context.Onset(volume.Id, FindingKinds.VolumeRebuilding, context.RunStart(volume.Id, MetricCatalog.VolumeRebuilding, v => v == 1) ?? state[0].Time);
            var progress = context.FreshValue(volume.Id, MetricCatalog.VolumeRebuildProgress);
            var (down, up) = ControllersOf(context, volume.Id);
            var degraded = down.Count > 0 && up.Count > 0;
            yield return context.Explained(
                volume.Id,
                FindingKinds.VolumeRebuilding,
                Name,
                FindingMessage.Of(
                    StorageMessages.VolumeRebuilding,
                    context.Named("volume", volume.Id),
                    MessageArgument.At("since", since),
                    progress is { } p ? MessageArgument.Share("done", p) : null,
                    degraded ? context.NamedList("down", down) : null,
                    degraded ? context.NamedList("up", up) : null),
                since,
                RuleContext.Evidence(volume.Id, MetricCatalog.VolumeRebuilding, state),
                "seed 001 (CTY, 2017): degraded operation");
        }
    }

    // The controllers of a rebuilding volume, down and up (apart from Evaluate: what the queries
    // capture is then allocated only for a volume that rebuilds).
    private static (List<string> Down, List<string> Up) ControllersOf(RuleContext context, string volume)
    {
        var controllers = context.Topology.Dependencies
            .Where(d => d.To == volume && context.Topology.Controllers.ContainsKey(d.From))
            .Select(d => d.From)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var down = controllers.Where(c => context.FreshValue(c, MetricCatalog.ControllerUp) == 0).ToList();
        var up = controllers.Except(down, StringComparer.Ordinal).ToList();
        return (down, up);
    }
}
