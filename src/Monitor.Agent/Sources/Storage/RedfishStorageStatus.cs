using System.Text.Json;
using Monitor.Core.Signals;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// What a Redfish service says of its storage besides the controllers: a Storage resource's own
/// Status.Health and its HealthRollup (the worst of everything under it), a drive's health,
/// failure prediction and media life left, a volume's health and its operations (a rebuild runs
/// without redundancy; an initialization loads the drives), a SimpleStorage device's health.
/// An Absent drive or device is an empty bay: nothing to say.
/// </summary>
internal static class RedfishStorageStatus
{
    /// <summary>The samples of one resource.</summary>
    public static IEnumerable<Sample> Read(RedfishPartKind kind, JsonElement resource, string entity, DateTimeOffset now, string place)
    {
        var status = resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty("Status", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        var state = status.ValueKind == JsonValueKind.Object ? RedfishJson.Str(status, "State") : null;
        var health = status.ValueKind == JsonValueKind.Object && RedfishJson.Str(status, "Health") is { } h ? Redfish.HealthValue(h) : null;
        if (state == "Absent" && kind is RedfishPartKind.Drive or RedfishPartKind.Device)
        {
            yield break;
        }

        switch (kind)
        {
            case RedfishPartKind.Storage:
                if (health is { } storageHealth)
                {
                    yield return new Sample(now, entity, MetricCatalog.StorageHealth, storageHealth);
                }

                if (status.ValueKind == JsonValueKind.Object && RedfishJson.Str(status, "HealthRollup") is { } rollup && Redfish.HealthValue(rollup) is { } rollupValue)
                {
                    yield return new Sample(now, entity, MetricCatalog.StorageHealthRollup, rollupValue);
                }

                break;
            case RedfishPartKind.Drive or RedfishPartKind.Device:
                if (health is { } driveHealth)
                {
                    yield return new Sample(now, entity, MetricCatalog.DriveHealth, driveHealth);
                }

                if (resource.TryGetProperty("FailurePredicted", out var predicted) && predicted.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    yield return new Sample(now, entity, MetricCatalog.DriveFailurePredicted, predicted.GetBoolean() ? 1 : 0);
                }

                if (Redfish.Num(resource, "PredictedMediaLifeLeftPercent", place) is { } lifeLeft)
                {
                    yield return new Sample(now, entity, MetricCatalog.DriveMediaLifeLeft, lifeLeft / 100);
                }

                break;
            case RedfishPartKind.Volume:
                if (health is { } volumeHealth)
                {
                    yield return new Sample(now, entity, MetricCatalog.VolumeHealth, volumeHealth);
                }

                foreach (var sample in Operations(resource, entity, now, place))
                {
                    yield return sample;
                }

                break;
        }
    }

    /// <summary>
    /// For each volume, how many of its drives (Links.Drives) predict their failure: the drives are
    /// not in the site's topology, the volume is, and it is the volume that loses its redundancy.
    /// </summary>
    public static IEnumerable<Sample> VolumeDrivesPredictingFailure(IReadOnlyList<(RedfishPart Part, JsonElement Resource)> read, DateTimeOffset now)
    {
        var predicting = read
            .Where(r => r.Part.Kind == RedfishPartKind.Drive && r.Resource.TryGetProperty("FailurePredicted", out var p) && p.ValueKind == JsonValueKind.True)
            .Select(r => r.Part.Uri)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (part, volume) in read.Where(r => r.Part.Kind == RedfishPartKind.Volume))
        {
            if (volume.TryGetProperty("Links", out var links) && links.ValueKind == JsonValueKind.Object && links.TryGetProperty("Drives", out _))
            {
                yield return new Sample(now, part.Entity, MetricCatalog.VolumeDrivesFailurePredicted, RedfishJson.LinkArray(links, "Drives").Count(predicting.Contains));
            }
        }
    }

    /// <summary>Rebuilding and initializing, 0 when the volume runs neither (a finished rebuild shows as 0, not as silence).</summary>
    private static IEnumerable<Sample> Operations(JsonElement volume, string entity, DateTimeOffset now, string place)
    {
        var rebuilding = false;
        var initializing = false;
        double? progress = null;
        if (volume.TryGetProperty("Operations", out var operations) && operations.ValueKind == JsonValueKind.Array)
        {
            foreach (var operation in operations.EnumerateArray())
            {
                // "Operation" (Volume v1.9+) is an enum; "OperationName" before it is free text.
                var name = RedfishJson.Str(operation, "Operation") ?? RedfishJson.Str(operation, "OperationName") ?? "";
                if (name.Contains("Rebuild", StringComparison.OrdinalIgnoreCase))
                {
                    rebuilding = true;
                    progress = Redfish.Num(operation, "PercentageComplete", $"{place}: Operations") / 100 ?? progress;
                }
                else if (name.Contains("Initiali", StringComparison.OrdinalIgnoreCase))
                {
                    initializing = true;
                }
            }
        }

        yield return new Sample(now, entity, MetricCatalog.VolumeRebuilding, rebuilding ? 1 : 0);
        yield return new Sample(now, entity, MetricCatalog.VolumeInitializing, initializing ? 1 : 0);
        if (progress is { } done)
        {
            yield return new Sample(now, entity, MetricCatalog.VolumeRebuildProgress, done);
        }
    }
}
