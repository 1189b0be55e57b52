using System.Buffers.Text;
using System.Text;

namespace Monitor.Agent.Sources;

/// <summary>
/// Reads one-value files of sysfs and procfs. A file that does not exist is "not there"
/// (null), because sysfs attributes come and go with kernels, drivers and devices; a file
/// whose value cannot be read is an error that names the file.
/// </summary>
internal static class SysfsAttribute
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

    // The bytes read, or -1 when the file or its folder does not exist.
    private static int Read(string path, Span<byte> buffer)
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
}
