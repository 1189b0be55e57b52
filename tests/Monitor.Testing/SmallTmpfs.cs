using System.Diagnostics;

namespace Monitor.Testing;

/// <summary>
/// A real, small tmpfs mounted on a fresh directory, to fill to the brim and empty again: what a
/// full disk really does (ENOSPC from write, rename and create). Needs root, as the tests run in
/// CI; without it the test fails saying so, it is never skipped.
/// </summary>
public sealed class SmallTmpfs : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _filler;

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/> bytes.</summary>
    /// <exception cref="InvalidOperationException">The mount failed (not root, no mount(8)): the message says why.</exception>
    public SmallTmpfs(long bytes)
    {
        Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", _directory.Path);
        _filler = System.IO.Path.Combine(_directory.Path, "filler");
    }

    /// <summary>The mount point.</summary>
    public string Path => _directory.Path;

    /// <summary>Writes a filler file until the filesystem refuses more ("No space left on device").</summary>
    public void Fill()
    {
        // Megabytes first (fast on a large mount), then pages to the brim.
        Write(1024 * 1024);
        Write(4096);
    }

    private void Write(int chunkBytes)
    {
        using var file = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0);
        var chunk = new byte[chunkBytes];
        try
        {
            while (true)
            {
                file.Write(chunk);
            }
        }
        catch (IOException)
        {
            // Full: what the test wanted.
        }
    }

    /// <summary>Deletes the filler: the space is back.</summary>
    public void Empty() => File.Delete(_filler);

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            // Lazy: a file a failed test left open must not keep the mount (and the next run) busy.
            Run("umount", "--lazy", _directory.Path);
        }
        finally
        {
            _directory.Dispose();
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} failed (exit {process.ExitCode}: {error.Trim()}); this test needs a real tmpfs: run the tests as root, as CI does");
        }
    }
}
