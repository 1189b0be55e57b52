
namespace Monitor.Agent.Sources.Storage;

/// <summary>Options of the SCSI path-device source (Agent:Sources:ScsiDevices).</summary>
public sealed class ScsiDevicesOptions : SourceOptions
{
    /// <summary>Regular expression of the block devices under /sys/block to read. Default "^sd[a-z]+$" (SCSI disks, FC and iSCSI paths among them).</summary>
    public string Include { get; set; } = "^sd[a-z]+$";

    /// <inheritdoc/>
    public override IEnumerable<string> Validate(string keyPrefix)
    {
        if (Include.Length == 0)
        {
            yield return $"{keyPrefix}:Include = '' is not valid: expected a regular expression of block device names, e.g. ^sd[a-z]+$";
            yield break;
        }

        string? error = null;
        try
        {
            _ = DiskStatsOptions.Compile(Include);
        }
        catch (ArgumentException)
        {
            error = $"{keyPrefix}:Include = '{Include}' is not valid: expected a regular expression of block device names, e.g. ^sd[a-z]+$";
        }

        if (error is not null)
        {
            yield return error;
        }
    }
}
