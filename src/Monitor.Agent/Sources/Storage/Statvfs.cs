using System.Runtime.InteropServices;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// statvfs(3) from libc: bytes and inodes of the filesystem holding a path (DriveInfo gives
/// bytes, not inodes, and a Maildir runs out of inodes as surely as of bytes).
/// </summary>
internal static partial class Statvfs
{
    /// <summary>The figures of the filesystem holding <paramref name="path"/>.</summary>
    /// <exception cref="IOException">statvfs failed; the message names the path and the error.</exception>
    public static FilesystemFigures Read(string path)
    {
        if (Call(path, out var buffer) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw new IOException($"statvfs {path}: {Marshal.GetPInvokeErrorMessage(error)} (errno {error})");
        }

        var unit = buffer.FragmentSize == 0 ? buffer.BlockSize : buffer.FragmentSize;
        return new FilesystemFigures(buffer.Blocks * unit, buffer.BlocksFree * unit, buffer.BlocksAvailable * unit, buffer.Files, buffer.FilesFree);
    }

    [LibraryImport("libc", EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Call(string path, out Buffer buffer);

    // struct statvfs of glibc and musl on 64-bit Linux (x86_64, arm64): every count is 64 bits.
    [StructLayout(LayoutKind.Sequential)]
    private struct Buffer
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong BlocksFree;
        public ulong BlocksAvailable;
        public ulong Files;
        public ulong FilesFree;
        public ulong FilesAvailable;
        public ulong FsId;
        public ulong Flags;
        public ulong NameMax;
        public int Spare0;
        public int Spare1;
        public int Spare2;
        public int Spare3;
        public int Spare4;
        public int Spare5;
    }
}
