namespace Monitor.Contracts.Security;

/// <summary>
/// The one check both ends make of their TLS private key at start (the agent's client key, the
/// collector's server key): whoever can read it can pose as its owner, so a key readable or
/// writable by group or others is said, as for password and token files. Unix only.
/// </summary>
public static class PrivateKeyFile
{
    private const UnixFileMode OpenToOthers = UnixFileMode.OtherRead | UnixFileMode.GroupRead | UnixFileMode.OtherWrite | UnixFileMode.GroupWrite;

    /// <summary>
    /// The warning for the key file at <paramref name="path"/>, set by <paramref name="key"/>, when
    /// users other than <paramref name="owner"/> ("the collector", "the agent") can read or write it;
    /// null when only its owner can, or when there is no such file (its absence is said elsewhere).
    /// </summary>
    public static string? Warning(string key, string? path, string owner)
    {
        if (OperatingSystem.IsWindows() || string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return null;
        }

        return (File.GetUnixFileMode(path) & OpenToOthers) != 0
            ? $"{key} ({Path.GetFullPath(path)}) can be read by other users of this machine; expected chmod 600, owned by {owner}'s user"
            : null;
    }
}
