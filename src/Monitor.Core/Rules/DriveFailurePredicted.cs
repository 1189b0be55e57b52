using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>
/// Drives of a volume predict their failure (Redfish Drive FailurePredicted, from SMART or the
/// controller): the failure has not happened yet, and when it does the volume runs without
/// redundancy while it rebuilds. A precursor, as FC port errors are (seed 002's remedy: watch
/// the precursors): replace the drive while it is planned work, not an outage.
/// </summary>
public sealed class DriveFailurePredicted : IRule
{
    /// <inheritdoc/>
    public string Name => "drive-failure-predicted";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var volume in context.Topology.Entities.Where(e => e.Type == EntityType.Volume))
        {
            var state = context.Fresh(volume.Id, MetricCatalog.VolumeDrivesFailurePredicted, 1);
            if (state.Count == 0 || state[0].Value < 1)
            {
                continue;
            }

            var drives = (int)state[0].Value;
            var since = context.Onset(volume.Id, FindingKinds.DriveFailurePredicted, context.RunStart(volume.Id, MetricCatalog.VolumeDrivesFailurePredicted, v => v >= 1) ?? state[0].Time);
            yield return context.Explained(
                volume.Id,
                FindingKinds.DriveFailurePredicted,
                Name,
                FindingMessage.Of(
                    StorageMessages.DriveFailurePredicted,
                    MessageArgument.At("since", since),
                    MessageArgument.Count("drives", drives),
                    context.Named("volume", volume.Id)),
                since,
                RuleContext.Evidence(volume.Id, MetricCatalog.VolumeDrivesFailurePredicted, state),
                "seed 002 (Freebit, 2020): watch the precursors");
        }
    }
}
