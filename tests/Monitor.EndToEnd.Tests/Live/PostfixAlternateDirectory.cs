namespace Monitor.EndToEnd.Tests.Live;

/// <summary>
/// A private Postfix's configuration directory listed in the default instance's
/// <c>alternate_config_directories</c> (/etc/postfix/main.cf) while the test runs: set-group-id
/// postqueue takes <c>-c DIR</c> from a user other than root only for a directory listed there
/// (otherwise "postqueue: fatal: open file /etc/postfix/main.cf" or "... not allowed"), as an
/// operator lists a second instance for the agent. The file is created when missing and removed
/// again when the test created it and nothing else is left in it. Edits are serialised by a lock
/// file, so concurrent runs each keep their own entry.
/// </summary>
internal sealed class PostfixAlternateDirectory : IDisposable
{
    private const string MainCf = "/etc/postfix/main.cf";
    private const string Key = "alternate_config_directories";
    private const string Marker = "# Written by Monitor's live tests (tests/Monitor.EndToEnd.Tests/Live); removed when they end.";
    private static readonly string LockFile = Path.Combine(Path.GetTempPath(), "monitor-tests-postfix-main-cf.lock");

    private readonly string _directory;

    /// <summary>Lists <paramref name="directory"/>.</summary>
    public PostfixAlternateDirectory(string directory)
    {
        _directory = directory;
        Edit(list => [.. list, directory]);
    }

    /// <inheritdoc/>
    public void Dispose() => Edit(list => [.. list.Where(d => d != _directory)]);

    private static void Edit(Func<List<string>, List<string>> change)
    {
        using var held = Hold();
        var lines = File.Exists(MainCf) ? [.. File.ReadAllLines(MainCf)] : new List<string> { Marker };
        var at = lines.FindIndex(l => l.StartsWith(Key, StringComparison.Ordinal) && l[Key.Length..].TrimStart().StartsWith('='));
        var list = at < 0 ? [] : lines[at][(lines[at].IndexOf('=', StringComparison.Ordinal) + 1)..]
            .Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).ToList();
        var changed = change(list);
        if (at >= 0)
        {
            lines.RemoveAt(at);
        }

        if (changed.Count > 0)
        {
            lines.Add($"{Key} = {string.Join(' ', changed)}");
        }

        if (lines.Count == 1 && lines[0] == Marker)
        {
            File.Delete(MainCf);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(MainCf)!);
        File.WriteAllLines(MainCf, lines);
    }

    // An exclusive open of the lock file, retried within a bound: another run holds it for a few milliseconds.
    private static FileStream Hold()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }
}
