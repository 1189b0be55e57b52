using System.Diagnostics;
using System.Text;

namespace Monitor.EndToEnd.Tests.Drills;

/// <summary>
/// A program a drill starts with <c>dotnet &lt;dll&gt;</c> from the test's output folder: every
/// line it prints is kept, waits are for lines (bounded, failing with the program's output), and
/// it dies the way the drill says: SIGKILL (a crash, a power cut for the process) or SIGTERM
/// (systemctl stop). Killed on dispose if still running.
/// </summary>
internal sealed class DrillProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _name;
    private readonly Lock _lock = new();
    private readonly List<string> _out = [];
    private readonly List<string> _err = [];
    private readonly StringBuilder _transcript = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _streamsOpen = 2;

    private DrillProcess(Process process, string name)
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

    /// <summary>Both streams as they came, for failure messages.</summary>
    public string Transcript
    {
        get
        {
            lock (_lock)
            {
                return _transcript.ToString();
            }
        }
    }

    /// <summary>Process id.</summary>
    public int Id => _process.Id;

    /// <summary>Starts <c>dotnet &lt;dll&gt; args</c> in <paramref name="workingDirectory"/>; <paramref name="dll"/> is a file of the test's output folder.</summary>
    public static DrillProcess Start(string name, string dll, IEnumerable<string> args, string workingDirectory)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var drill = new DrillProcess(process, name);
        process.OutputDataReceived += (_, e) => drill.Line(drill._out, e.Data);
        process.ErrorDataReceived += (_, e) => drill.Line(drill._err, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return drill;
    }

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

    /// <summary>SIGKILL: the process ends at once, mid-write if it was writing. Returns when it is reaped and its output read to the end.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM, as systemctl stop sends: the program shuts down in its own way. Returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan bound)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!)
        {
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(bound);
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

    /// <summary>The last lines of output, enough to see why a drill failed.</summary>
    public string Tail(int lines = 60)
    {
        var all = Transcript.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

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
                _transcript.Append(stream == _out ? "out| " : "err| ").AppendLine(line);
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
