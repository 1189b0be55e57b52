namespace Monitor.Agent.Sources.Storage;

/// <summary>Options of the filesystem capacity source (Agent:Sources:Filesystems).</summary>
public sealed class FilesystemsOptions : SourceOptions
{
    /// <summary>
    /// Absolute paths of the mail store's mounts, e.g. ["/var/mail", "/var/spool/postfix"]. Each
    /// is reported as the raw id "&lt;host&gt;:&lt;path&gt;" ("mail01:/var/mail"), which a topology
    /// alias maps to its volume. Default empty: nothing is read.
    /// </summary>
    public List<string> Mounts { get; set; } = [];

    /// <inheritdoc/>
    public override IEnumerable<string> Validate(string keyPrefix)
    {
        for (var i = 0; i < Mounts.Count; i++)
        {
            if (!Mounts[i].StartsWith('/'))
            {
                yield return $"{keyPrefix}:Mounts:{i} = '{Mounts[i]}' is not valid: expected an absolute path of a mount, e.g. /var/mail";
            }
        }

        if (Enabled && Mounts.Count == 0)
        {
            yield return $"{keyPrefix}:Mounts is empty: expected the paths of the store's mounts, e.g. [\"/var/mail\"]";
        }
    }
}
