using System.Runtime.InteropServices;

namespace Monitor.Agent.Outbox;

/// <summary>
/// fsync of a folder, so a rename or a new file inside it survives a power cut (a rename is an
/// entry in the folder, which the file's own fsync does not cover). No-op where unsupported.
/// </summary>
internal static partial class DurableFolder
{
    public static void Sync(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(folder, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
