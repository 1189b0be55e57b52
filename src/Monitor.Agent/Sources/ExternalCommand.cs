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

            throw new InvalidDataException($"{Place} exited with code {_process.ExitCode}: {errors}");
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
}
