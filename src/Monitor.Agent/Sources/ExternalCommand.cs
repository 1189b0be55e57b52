using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Monitor.Agent.Sources;

/// <summary>
/// Runs a program and hands its standard output, as a stream, to a reader. The program gets a
/// time limit; at the limit, or when the caller cancels, it is killed with its children, and its
/// output ends. Errors name the command line.
/// </summary>
internal static class ExternalCommand
{
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
        using var kill = linked.Token.Register(() => Kill(process));
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
            Kill(process);
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

    private static void Kill(Process process)
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

    private static string Said(string errors) =>
        string.IsNullOrWhiteSpace(errors) ? "" : $" ({errors.Trim().ReplaceLineEndings(" ")})";
}

/// <summary>A program the source runs did not give a usable answer; the message names the command line.</summary>
internal sealed class ExternalCommandException : Exception
{
    public ExternalCommandException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
