using System.Text.RegularExpressions;

namespace Monitor.Agent.Sources.Storage;

/// <summary>Options of the block-device source (Agent:Sources:DiskStats).</summary>
public sealed class DiskStatsOptions : SourceOptions
{
    /// <summary>
    /// Regular expression of the devices to read, matched against the kernel name ("sdc", "dm-3")
    /// and a device-mapper map's name ("mpathA"). Default empty: every device.
    /// </summary>
    public string Include { get; set; } = "";

    /// <summary>Regular expression of the devices to leave out, matched like <see cref="Include"/>. Default "^(loop|ram|zram)\d+$".</summary>
    public string Exclude { get; set; } = @"^(loop|ram|zram)\d+$";

    /// <inheritdoc/>
    public override IEnumerable<string> Validate(string keyPrefix)
    {
        foreach (var (key, value) in new[] { ("Include", Include), ("Exclude", Exclude) })
        {
            if (value.Length > 0 && !IsRegex(value))
            {
                yield return $"{keyPrefix}:{key} = '{value}' is not valid: expected a regular expression of device names, e.g. ^(sd[a-z]+|dm-\\d+)$, or empty";
            }
        }
    }

    /// <summary>The pattern compiled, or null when empty.</summary>
    internal static Regex? Compile(string pattern) =>
        pattern.Length == 0 ? null : new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = Compile(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
