using System.Globalization;

namespace Monitor.Agent.Sources.Storage;

/// <summary>Options of the dm-multipath source (Agent:Sources:Multipath).</summary>
public sealed class MultipathOptions : SourceOptions
{
    /// <summary>The program that answers. Default "multipathd".</summary>
    public string Command { get; set; } = "multipathd";

    /// <summary>Its arguments, separated by spaces. Default "show maps json".</summary>
    public string Arguments { get; set; } = "show maps json";

    /// <summary>
    /// Time the command gets before it is killed and paths are read from sysfs instead. Default 5
    /// seconds; it must be shorter than <see cref="SourceOptions.Timeout"/>, so the fallback has time.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The command line, for messages.</summary>
    internal string CommandLine => Arguments.Length == 0 ? Command : $"{Command} {Arguments}";

    /// <inheritdoc/>
    public override IEnumerable<string> Validate(string keyPrefix)
    {
        if (string.IsNullOrWhiteSpace(Command) && InputFile.Length == 0)
        {
            yield return $"{keyPrefix}:Command = '{Command}' is not valid: expected the program to run, e.g. multipathd";
        }

        if (CommandTimeout <= TimeSpan.Zero || CommandTimeout >= Timeout)
        {
            yield return $"{keyPrefix}:CommandTimeout = '{CommandTimeout.ToString("c", CultureInfo.InvariantCulture)}' is not valid: " +
                $"expected a time span above zero and shorter than the source's Timeout ({Timeout.ToString("c", CultureInfo.InvariantCulture)}), so the sysfs fallback has time";
        }
    }
}
