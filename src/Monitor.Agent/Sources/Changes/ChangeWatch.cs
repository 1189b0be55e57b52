using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Monitor.Agent.Sources.Mail;
using Monitor.Core.Events;

namespace Monitor.Agent.Sources.Changes;

/// <summary>
/// Changes as timeline events: watched configuration files (content hash and lines added and
/// removed; for Postfix, relay settings and next hops that DNS would be asked about: the Asahi Net
/// lesson, seed 004) and firmware versions printed by a command (the Alpha Mail lesson, seed
/// 000: trouble began after a firmware update). The first read only records what is there, except
/// that a Postfix file with an unbracketed relay address is reported at once.
/// </summary>
public sealed class ChangeWatch : PolledSource
{
    private const int MaxOutputChars = 4096;

    /// <summary>main.cf settings whose value changes are worth a line of their own.</summary>
    private static readonly string[] RelaySettings = ["relayhost", "default_transport", "relay_transport", "transport_maps"];

    private readonly ChangesOptions _options;
    private readonly Dictionary<string, FileState?> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _firmware = new(StringComparer.Ordinal);

    /// <summary>Creates the source.</summary>
    public ChangeWatch(ChangesOptions options, SourceContext context)
        : base(options, context)
    {
        _options = options;
    }

    /// <summary>How the agent finds, configures and builds this source: "changes", under Agent:Sources:Changes.</summary>
    public static SourceDefinition<ChangesOptions> Definition { get; } = new("changes", (options, context) => new ChangeWatch(options, context));

    /// <inheritdoc/>
    public override string Name => Definition.Name;

    /// <inheritdoc/>
    protected override async Task<SourceReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Our own deadline as well as the base's: what this read started (a request, a command)
        // is cut off at the timeout even once the base has stopped waiting for it.
        using var deadline = new CancellationTokenSource(_options.Timeout, Context.Clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        return await ReadWithinAsync(now, linked.Token);
    }

    private async Task<SourceReading> ReadWithinAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Work on copies: a read that fails part-way must not swallow the changes it saw.
        var files = new Dictionary<string, FileState?>(_files, StringComparer.Ordinal);
        var firmware = new Dictionary<string, string>(_firmware, StringComparer.Ordinal);
        var events = new List<SiteEvent>();

        foreach (var watched in _options.Files)
        {
            var entity = watched.Entity.Length > 0 ? watched.Entity : Context.Host;
            var path = _options.UnderRoot(watched.Path);
            var current = await ReadFileAsync(path, cancellationToken);
            var known = files.TryGetValue(watched.Path, out var before);
            if (!known && current is null)
            {
                throw new InvalidDataException($"watched file {path} does not exist");
            }

            files[watched.Path] = current;
            foreach (var text in Compare(watched, known, before, current))
            {
                events.Add(new SiteEvent(now, SiteEventKind.Change, entity, Name, text));
            }
        }

        foreach (var command in _options.Firmware)
        {
            var version = await RunAsync(command, cancellationToken);
            if (firmware.TryGetValue(command.Entity, out var before) && before != version)
            {
                events.Add(new SiteEvent(now, SiteEventKind.Change, command.Entity, Name, $"firmware of {command.Entity} changed from {before} to {version}"));
            }

            firmware[command.Entity] = version;
        }

        Replace(_files, files);
        Replace(_firmware, firmware);
        return new SourceReading([], events);
    }

    private IEnumerable<string> Compare(WatchedFileOptions watched, bool known, FileState? before, FileState? current)
    {
        var name = watched.Path;
        if (current is null)
        {
            if (before is not null)
            {
                yield return $"{name} was removed";
            }

            yield break;
        }

        if (known && before is not null && before.Sha256 == current.Sha256)
        {
            yield break;
        }

        if (known)
        {
            if (before is null)
            {
                yield return $"{name} appeared ({current.Lines.Count} lines, sha256 {current.Sha256[..12]})";
            }
            else
            {
                var (added, removed) = LineChanges(before.Lines, current.Lines);
                yield return $"{name} changed: {added} line{(added == 1 ? "" : "s")} added, {removed} removed (sha256 {before.Sha256[..12]} -> {current.Sha256[..12]})";
            }
        }

        var kind = KindOf(watched);
        if (kind == "PostfixMain")
        {
            if (known && before is not null)
            {
                var old = PostfixNextHops.MainCfParameters(before.Lines);
                var now = PostfixNextHops.MainCfParameters(current.Lines);
                foreach (var setting in RelaySettings)
                {
                    var was = old.TryGetValue(setting, out var o) ? o.Value : "(unset)";
                    var isNow = now.TryGetValue(setting, out var n) ? n.Value : "(unset)";
                    if (was != isNow)
                    {
                        yield return $"{name}: {setting} changed from {was} to {isNow}";
                    }
                }
            }

            foreach (var problem in PostfixNextHops.CheckMainCf(name, current.Lines))
            {
                yield return problem;
            }
        }
        else if (kind == "PostfixTransport")
        {
            foreach (var problem in PostfixNextHops.CheckTransportMap(name, current.Lines))
            {
                yield return problem;
            }
        }
    }

    private static string KindOf(WatchedFileOptions watched) => watched.Kind.Length > 0
        ? watched.Kind
        : Path.GetFileName(watched.Path) switch
        {
            "main.cf" => "PostfixMain",
            "transport" => "PostfixTransport",
            _ => "Plain",
        };

    /// <summary>Lines added and removed, as bags of lines: a moved line is no change, an edited one is one of each.</summary>
    internal static (int Added, int Removed) LineChanges(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in before)
        {
            counts[line] = counts.GetValueOrDefault(line) + 1;
        }

        var added = 0;
        foreach (var line in after)
        {
            if (counts.GetValueOrDefault(line) > 0)
            {
                counts[line]--;
            }
            else
            {
                added++;
            }
        }

        return (added, counts.Values.Sum());
    }

    private static async Task<FileState?> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"watched file {path}: {e.Message}", e);
        }

        var text = Encoding.UTF8.GetString(bytes);
        var lines = text.Split('\n');
        if (lines.Length > 0 && lines[^1].Length == 0)
        {
            lines = lines[..^1];
        }

        return new FileState(Convert.ToHexStringLower(SHA256.HashData(bytes)), lines.Select(l => l.TrimEnd('\r')).ToArray());
    }

    /// <summary>The command's first line of output; the command is killed if the read's time runs out.</summary>
    private static async Task<string> RunAsync(FirmwareCommandOptions command, CancellationToken cancellationToken)
    {
        var shown = string.Join(' ', [command.Command, .. command.Arguments]);
        var start = new ProcessStartInfo(command.Command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidDataException($"firmware command '{shown}' could not start: {e.Message}", e);
        }

        process.StandardInput.Close();
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var stdout = await output;
            var stderr = await error;
            if (process.ExitCode != 0)
            {
                var why = stderr.Trim().Split('\n')[0];
                throw new InvalidDataException($"firmware command '{shown}' exited with {process.ExitCode}{(why.Length > 0 ? ": " + Limit(why) : "")}");
            }

            var version = stdout.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
            return version is null
                ? throw new InvalidDataException($"firmware command '{shown}' printed nothing")
                : Limit(version);
        }
        catch (OperationCanceledException)
        {
            // The read's time ran out: the command must not outlive it.
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    private static string Limit(string text) => text.Length > MaxOutputChars ? text[..MaxOutputChars] : text;

    private static void Replace<TValue>(Dictionary<string, TValue> target, Dictionary<string, TValue> source)
    {
        target.Clear();
        foreach (var (key, value) in source)
        {
            target[key] = value;
        }
    }

    /// <summary>A file's content at one read.</summary>
    private sealed record FileState(string Sha256, IReadOnlyList<string> Lines);
}
