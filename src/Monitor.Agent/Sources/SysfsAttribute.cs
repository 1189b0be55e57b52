using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text;

namespace Monitor.Agent.Sources;

/// <summary>
/// Reads one-value files of sysfs and procfs. A file that does not exist is "not there"
/// (null), because sysfs attributes come and go with kernels, drivers and devices; a file
/// whose value cannot be read is an error that names the file.
/// </summary>
internal static partial class SysfsAttribute
{
    /// <summary>All ones: what fc_host statistics show for a counter the HBA does not support.</summary>
    public const ulong Unsupported = ulong.MaxValue;

    // A sysfs attribute is at most one page.
    private const int PageSize = 4096;

    /// <summary>The file's text without surrounding whitespace, or null when the file (or its folder) does not exist.</summary>
    public static string? ReadText(string path)
    {
        Span<byte> buffer = stackalloc byte[PageSize];
        var length = Read(path, buffer);
        return length < 0 ? null : Encoding.UTF8.GetString(buffer[..length].Trim(" \t\r\n\0"u8));
    }

    /// <summary>The file's text; a missing file is an error naming it.</summary>
    public static string ReadRequiredText(string path) =>
        ReadText(path) ?? throw new InvalidDataException($"{path}: not found");

    /// <summary>A counter written in hex ("0x1a2b"), or null when the file does not exist.</summary>
    public static ulong? ReadHex(string path)
    {
        // Hundreds of these per read: parsed from the bytes, no string made unless the value is bad.
        Span<byte> buffer = stackalloc byte[PageSize];
        var length = Read(path, buffer);
        if (length < 0)
        {
            return null;
        }

        var text = buffer[..length].Trim(" \t\r\n\0"u8);
        var digits = text.StartsWith("0x"u8) || text.StartsWith("0X"u8) ? text[2..] : text;
        return digits.Length > 0 && Utf8Parser.TryParse(digits, out ulong value, out var used, 'X') && used == digits.Length
            ? value
            : throw new InvalidDataException($"{path}: '{Shorten(Encoding.UTF8.GetString(text))}' is not a hexadecimal counter (expected e.g. 0x1f)");
    }

    /// <summary>A value cut for an error message.</summary>
    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    // The bytes read, or -1 when the file or its folder does not exist. On Linux an attribute is
    // open, read and close, and a missing one is an error number, not an exception: the fc_host
    // statistics an HBA lacks were missing every second, and their exceptions and File.OpenHandle's
    // extra fstat and flock were most of the FC and SCSI sources' cost (benchmarks/side-by-side.sh).
    private static int Read(string path, Span<byte> buffer) =>
        OperatingSystem.IsLinux() ? ReadNative(path, buffer) : ReadManaged(path, buffer);

    private static unsafe int ReadNative(string path, Span<byte> buffer)
    {
        var fd = Open(path, OpenReadOnly | OpenCloseOnExec);
        if (fd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error is NoSuchFile or NotAFolder ? -1 : throw Failure(path, error);
        }

        try
        {
            var total = 0;
            fixed (byte* start = buffer)
            {
                while (total < buffer.Length)
                {
                    var count = ReadFile(fd, start + total, buffer.Length - total);
                    if (count < 0)
                    {
                        var error = Marshal.GetLastPInvokeError();
                        if (error == Interrupted)
                        {
                            continue;
                        }

                        throw Failure(path, error);
                    }

                    if (count == 0)
                    {
                        break;
                    }

                    total += (int)count;
                }
            }

            return total;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static IOException Failure(string path, int error) =>
        new($"{path}: {Marshal.GetPInvokeErrorMessage(error)} (errno {error})");

    private static int ReadManaged(string path, Span<byte> buffer)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var total = 0;
            int count;
            while (total < buffer.Length && (count = RandomAccess.Read(handle, buffer[total..], total)) > 0)
            {
                total += count;
            }

            return total;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return -1;
        }
    }

    // Linux's values (asm-generic): open flags and error numbers.
    private const int OpenReadOnly = 0;
    private const int OpenCloseOnExec = 0x80000;
    private const int NoSuchFile = 2; // ENOENT
    private const int Interrupted = 4; // EINTR
    private const int NotAFolder = 20; // ENOTDIR

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint ReadFile(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
