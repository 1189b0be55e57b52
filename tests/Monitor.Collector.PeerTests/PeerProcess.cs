using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Monitor.Collector.PeerTests;

/// <summary>
/// A peer program started by a test: its output kept for the failure message, a bounded wait
/// for a line that says it is ready, killed with its children on dispose.
/// </summary>
internal sealed class PeerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _readyWhen;

    private PeerProcess(Process process, string readyWhen)
    {
        _process = process;
        _readyWhen = readyWhen;
    }

    /// <summary>Everything the program printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>A free TCP port on the loopback address.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The path of <paramref name="program"/>, or a failure that names the Debian package to install.</summary>
    public static string Require(string program, string package)
    {
        if (File.Exists(program))
        {
            return program;
        }

        throw new InvalidOperationException($"{program} is not installed: install Debian's package '{package}' (apt-get install {package}).");
    }

    /// <summary>Starts <paramref name="program"/>; <see cref="WaitReadyAsync"/> completes when a line contains <paramref name="readyWhen"/>.</summary>
    public static PeerProcess Start(string program, IEnumerable<string> arguments, string readyWhen)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var peer = new PeerProcess(process, readyWhen);
        process.OutputDataReceived += (_, e) => peer.Line(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Line(e.Data);
        process.Exited += (_, _) => peer._ready.TrySetException(new InvalidOperationException($"{program} exited with {process.ExitCode} before it was ready:\n{peer.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Completes when the program said it is ready; fails after 60 seconds with its output.</summary>
    public async Task WaitReadyAsync()
    {
        try
        {
            await _ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{_process.StartInfo.FileName} did not say '{_readyWhen}' within 60 s:\n{Output}", ex);
        }
    }

    /// <summary>Waits (at most 60 seconds) for the program to end and returns its exit code; its output is then complete.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(bound.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Line(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains(_readyWhen, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}
