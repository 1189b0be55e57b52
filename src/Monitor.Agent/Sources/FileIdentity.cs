using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Monitor.Agent.Sources;

/// <summary>
/// Which file an open handle is (device and inode, from Linux statx(2)), so a follower sees that
/// logrotate moved the log away and a new file took its name. .NET exposes no inode; statx's
/// structure has the same layout on every Linux architecture, unlike stat's.
/// </summary>
/// <param name="Device">Device number (major &lt;&lt; 32 | minor).</param>
/// <param name="Inode">Inode number.</param>
public readonly record struct FileIdentity(ulong Device, ulong Inode)
{
    private const int AtEmptyPath = 0x1000;
    private const uint StatxIno = 0x100;
    private const int StatxSize = 256;

    /// <summary>The identity of an open file.</summary>
    /// <exception cref="IOException">statx failed.</exception>
    public static FileIdentity Of(SafeFileHandle handle, string path)
    {
        var buffer = new byte[StatxSize];
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxIno, buffer) != 0)
            {
                throw new IOException($"{path}: statx failed with errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        // struct statx: stx_ino at 32, stx_dev_major at 136, stx_dev_minor at 140.
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(32));
        var major = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(136));
        var minor = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(140));
        if (!BitConverter.IsLittleEndian)
        {
            inode = BinaryPrimitives.ReverseEndianness(inode);
            major = BinaryPrimitives.ReverseEndianness(major);
            minor = BinaryPrimitives.ReverseEndianness(minor);
        }

        return new FileIdentity(((ulong)major << 32) | minor, inode);
    }

    /// <summary>The identity of the file at a path, or null if it cannot be opened.</summary>
    public static FileIdentity? OfPath(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return Of(handle, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this project for one call.
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string pathname, int flags, uint mask, byte[] buffer);
#pragma warning restore SYSLIB1054
}
