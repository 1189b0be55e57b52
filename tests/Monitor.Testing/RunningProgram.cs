using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Monitor.Testing;

/// <summary>
/// A program a test starts (a peer such as alertmanager, or a drill's agent and collector): every
/// line it prints is kept, waits are for lines (bounded, failing with the program's output), it
/// dies the way the test says: SIGKILL (a crash) or SIGTERM (systemctl stop), and it is killed
/// with its children on dispose if still running.
/// </summary>
public sealed class RunningProgram : IDisposable
{
    private readonly Process _process;
    private readonly string _name;
    private readonly Lock _lock = new();
    private readonly List<string> _out = [];
    private readonly List<string> _err = [];
    private readonly StringBuilder _output = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _streamsOpen = 2;

    private RunningProgram(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    /// <summary>Lines printed on standard output so far.</summary>
    public IReadOnlyList<string> Out
    {
        get
        {
            lock (_lock)
            {
                return [.. _out];
            }
        }
    }

    /// <summary>Lines printed on standard error so far.</summary>
    public IReadOnlyList<string> Err
    {
        get
        {
            lock (_lock)
            {
                return [.. _err];
            }
        }
    }

    /// <summary>Both streams as they came, each line marked <c>out| </c> or <c>err| </c>, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Whether the program has ended (so a wait for it to do something can stop at once).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Process id.</summary>
    public int Id => _process.Id;

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

    /// <summary>Starts <paramref name="program"/> with <paramref name="arguments"/>, in <paramref name="workingDirectory"/> when given; <paramref name="name"/> (default: the program) is what failure messages call it.</summary>
    public static RunningProgram Start(string program, IEnumerable<string> arguments, string? workingDirectory = null, string? name = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var running = new RunningProgram(process, name ?? program);
        process.OutputDataReceived += (_, e) => running.Line(running._out, e.Data);
        process.ErrorDataReceived += (_, e) => running.Line(running._err, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Starts <c>dotnet &lt;dll&gt; args</c> in <paramref name="workingDirectory"/>; <paramref name="dll"/> is a file of the test's output folder.</summary>
    public static RunningProgram StartDotnet(string name, string dll, IEnumerable<string> args, string workingDirectory) =>
        Start(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, dll), .. args],
            workingDirectory,
            name);

    /// <summary>Lines of standard output that satisfy <paramref name="match"/>.</summary>
    public int CountOut(Func<string, bool> match)
    {
        lock (_lock)
        {
            return _out.Count(match);
        }
    }

    /// <summary>Lines of standard error that satisfy <paramref name="match"/>.</summary>
    public int CountErr(Func<string, bool> match)
    {
        lock (_lock)
        {
            return _err.Count(match);
        }
    }

    /// <summary>
    /// Completes when <paramref name="condition"/> holds (checked at each new line); fails after
    /// <paramref name="bound"/>, or when the program ended without it, with the program's output.
    /// </summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan bound, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            Task changed;
            bool ended;
            lock (_lock)
            {
                changed = _changed.Task;
                ended = _streamsOpen == 0;
            }

            if (condition())
            {
                return;
            }

            if (ended)
            {
                throw new InvalidOperationException($"{_name} ended without {what}:\n{Tail()}");
            }

            var left = bound - Stopwatch.GetElapsedTime(started);
            try
            {
                await changed.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{_name}: no {what} within {bound.TotalSeconds:0} s:\n{Tail()}", e);
            }
        }
    }

    /// <summary>Completes when standard output has a line equal to or starting with <paramref name="prefix"/>.</summary>
    public Task WaitForOutAsync(string prefix, TimeSpan bound) =>
        WaitUntilAsync(() => CountOut(l => l.StartsWith(prefix, StringComparison.Ordinal)) > 0, bound, $"line '{prefix}'");

    /// <summary>Completes when a line of either stream contains <paramref name="text"/> (a peer saying it is ready).</summary>
    public Task WaitForLineAsync(string text, TimeSpan bound)
    {
        bool Has(string line) => line.Contains(text, StringComparison.Ordinal);
        return WaitUntilAsync(() => CountOut(Has) + CountErr(Has) > 0, bound, $"line with '{text}'");
    }

    /// <summary>SIGKILL: the process ends at once, mid-write if it was writing. Returns when it is reaped and its output read to the end.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM, as systemctl stop sends: the program shuts down in its own way. Returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan bound)
    {
        await SignalAsync("-TERM");
        return await WaitForExitAsync(bound);
    }

    /// <summary>SIGHUP, as systemctl reload sends: the program reads its configuration again.</summary>
    public Task HangUpAsync() => SignalAsync("-HUP");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { signal, _process.Id.ToString(CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for the program to end (its output read to the end) and returns its exit code; fails after <paramref name="bound"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan bound)
    {
        using var cancel = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException($"{_name} did not end within {bound.TotalSeconds:0} s:\n{Tail()}", e);
        }

        return _process.ExitCode;
    }

    /// <summary>The last lines of output, enough to see why a test failed.</summary>
    public string Tail(int lines = 60)
    {
        var all = Output.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to stop.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Line(List<string> stream, string? line)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            if (line is null)
            {
                _streamsOpen--;
            }
            else
            {
                stream.Add(line);
                _output.Append(stream == _out ? "out| " : "err| ").AppendLine(line);
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
