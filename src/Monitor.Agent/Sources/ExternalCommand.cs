using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Monitor.Agent.Sources;

/// <summary>
/// A command a source runs and reads as a stream (<c>postqueue -j</c>, <c>journalctl -o json</c>).
/// Cancelling the token given to <see cref="Start"/> kills the command and its children at once,
/// so a hung command never outlives the source's timeout. Disposing kills it if it still runs.
/// </summary>
public sealed class ExternalCommand : IAsyncDisposable
{
    private const int MaxErrorChars = 2000;

    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly CancellationTokenRegistration _killOnCancel;

    private ExternalCommand(Process process, string place, CancellationToken cancellationToken)
    {
        _process = process;
        Place = place;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                if (e.Data is { Length: > 0 } line && _errors.Length < MaxErrorChars)
                {
                    _errors.Append(_errors.Length > 0 ? " | " : "").Append(line);
                }
            }
        };
        _process.BeginErrorReadLine();
        _killOnCancel = cancellationToken.Register(Kill);
    }

    /// <summary>The command line as shown in errors, e.g. "postqueue -c /etc/postfix -j".</summary>
    public string Place { get; }

    /// <summary>The command's standard output.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>Operating-system process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts the command.</summary>
    /// <exception cref="InvalidDataException">The command could not be started (not installed, not executable).</exception>
    public static ExternalCommand Start(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var place = string.Join(' ', info.ArgumentList.Prepend(fileName));
        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new InvalidDataException($"{place}: cannot run '{fileName}' ({e.Message})", e);
        }

        process.StandardInput.Close();
        return new ExternalCommand(process, place, cancellationToken);
    }

    /// <summary>Waits for the command to end and checks that it succeeded.</summary>
    /// <exception cref="InvalidDataException">It exited with a non-zero code; the message has its standard error.</exception>
    public async Task WaitForSuccessAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        if (_process.ExitCode != 0)
        {
            string errors;
            lock (_errors)
            {
                errors = _errors.Length > 0 ? _errors.ToString() : "no message";
            }

            throw new InvalidDataException($"{Place} exited with code {_process.ExitCode}: {LogText.Escaped(errors.Trim())}");
        }
    }

    /// <summary>Kills the command and everything it started.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _killOnCancel.DisposeAsync();
        if (!_process.HasExited)
        {
            Kill();
            try
            {
                // Reap it, so no zombie and no /proc entry is left behind.
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                // A process stuck in the kernel (D state) cannot be reaped; the kill is sent.
            }
        }

        _process.Dispose();
    }

    private const int StderrKept = 2048;

    /// <summary>Runs <paramref name="file"/> and reads its output with <paramref name="read"/>.</summary>
    /// <exception cref="ExternalCommandException">The program is missing, timed out, or failed; or the reader threw.</exception>
    public static async Task<T> RunAsync<T>(
        string file, string arguments, TimeSpan timeout, TimeProvider clock, Func<Stream, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var commandLine = arguments.Length == 0 ? file : $"{file} {arguments}";
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ExternalCommandException($"{commandLine}: cannot run {file}: {e.Message}", e);
        }

        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        // Killing closes the pipes, which ends any read that ignores the token.
        using var kill = linked.Token.Register(() => KillTree(process));
        var stderr = KeepStart(process.StandardError);
        try
        {
            var result = await read(process.StandardOutput.BaseStream, linked.Token);
            await process.WaitForExitAsync(linked.Token);
            var errors = await stderr;
            return process.ExitCode == 0
                ? result
                : throw new ExternalCommandException($"{commandLine}: exit code {process.ExitCode}{Said(errors)}");
        }
        catch (Exception e) when (linked.IsCancellationRequested && e is not ExternalCommandException)
        {
            KillTree(process);
            await WaitGoneAsync(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ExternalCommandException($"{commandLine}: no answer within {timeout.TotalSeconds:0.###}s; killed", e);
        }
        catch (Exception e) when (e is not ExternalCommandException and not OperationCanceledException)
        {
            // The reader failed (bad output): say so with the exit code and what the program said, if anything.
            await WaitGoneAsync(process);
            await ((Task)stderr).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var said = stderr.IsCompletedSuccessfully ? Said(stderr.Result) : "";
            var exit = process.HasExited && process.ExitCode != 0 ? $"exit code {process.ExitCode}{said}, and its output: " : "";
            throw new ExternalCommandException($"{commandLine}: {exit}{e.Message}{(exit.Length > 0 ? "" : said)}", e);
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    // Reaps the killed program so it does not linger as a zombie; bounded, a kill is not refused.
    private static async Task WaitGoneAsync(Process process)
    {
        await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static async Task<string> KeepStart(StreamReader reader)
    {
        var kept = new StringBuilder();
        var buffer = new char[1024];
        int count;
        while ((count = await reader.ReadAsync(buffer, CancellationToken.None)) > 0)
        {
            kept.Append(buffer, 0, Math.Min(count, StderrKept - kept.Length));
        }

        return kept.ToString();
    }

    // What the program said on stderr, escaped and cut short: it may be anything, binary included.
    private static string Said(string errors) =>
        string.IsNullOrWhiteSpace(errors) ? "" : $" ({LogText.Escaped(errors.Trim().ReplaceLineEndings(" "))})";
}
