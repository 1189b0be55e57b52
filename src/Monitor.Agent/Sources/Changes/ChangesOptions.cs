
namespace Monitor.Agent.Sources.Changes;

/// <summary>Change events (Agent:Sources:Changes): watched configuration files and firmware commands.</summary>
public sealed class ChangesOptions : SourceOptions
{
    /// <summary>Files whose changes are events, e.g. /etc/postfix/main.cf (read under Root).</summary>
    public List<WatchedFileOptions> Files { get; set; } = [];

    /// <summary>Commands that print a firmware version; a different answer is an event.</summary>
    public List<FirmwareCommandOptions> Firmware { get; set; } = [];

    /// <inheritdoc/>
    public override IEnumerable<string> Validate(string keyPrefix)
    {
        if (Files.Count == 0 && Firmware.Count == 0)
        {
            yield return $"{keyPrefix}:Files = '' is not valid: expected at least one file to watch (or a Firmware command)";
        }

        for (var i = 0; i < Files.Count; i++)
        {
            if (!Files[i].Path.StartsWith('/'))
            {
                yield return $"{keyPrefix}:Files:{i}:Path = '{Files[i].Path}' is not valid: expected an absolute path, e.g. /etc/postfix/main.cf";
            }

            if (Files[i].Kind is not ("" or "Plain" or "PostfixMain" or "PostfixTransport"))
            {
                yield return $"{keyPrefix}:Files:{i}:Kind = '{Files[i].Kind}' is not valid: expected Plain, PostfixMain, PostfixTransport, or empty (from the file name)";
            }
        }

        for (var i = 0; i < Firmware.Count; i++)
        {
            if (Firmware[i].Command.Length == 0)
            {
                yield return $"{keyPrefix}:Firmware:{i}:Command = '' is not valid: expected the program that prints the firmware version";
            }

            if (Firmware[i].Entity.Length == 0)
            {
                yield return $"{keyPrefix}:Firmware:{i}:Entity = '' is not valid: expected the topology id whose firmware it reports, e.g. ctl-a";
            }
        }
    }
}

/// <summary>A watched file.</summary>
public sealed class WatchedFileOptions
{
    /// <summary>Absolute path, e.g. "/etc/postfix/main.cf".</summary>
    public string Path { get; set; } = "";

    /// <summary>Topology id the change concerns. Default: this host.</summary>
    public string Entity { get; set; } = "";

    /// <summary>"PostfixMain" (check relayhost and transports), "PostfixTransport" (check next hops), "Plain". Default: from the file name (main.cf, transport), else Plain.</summary>
    public string Kind { get; set; } = "";
}

/// <summary>A command that prints a firmware version on its standard output.</summary>
public sealed class FirmwareCommandOptions
{
    /// <summary>The program, run without a shell.</summary>
    public string Command { get; set; } = "";

    /// <summary>Its arguments.</summary>
    public List<string> Arguments { get; set; } = [];

    /// <summary>Topology id whose firmware it reports, e.g. "ctl-a".</summary>
    public string Entity { get; set; } = "";
}
