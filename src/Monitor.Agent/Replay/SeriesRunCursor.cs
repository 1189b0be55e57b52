using Microsoft.Win32.SafeHandles;
using Monitor.Core.Signals;

namespace Monitor.Agent.Replay;

/// <summary>
/// Reads one <see cref="SeriesRun"/> back from the file, a sample at a time, holding only the
/// current sample and a small buffer, and sharing the run's strings: one copy a series however long
/// the recording. The first pass has checked every line of the run, so only the value and time are
/// read again; a line that no longer reads (the file changed under the replay) ends the run with a problem.
/// </summary>
public sealed class SeriesRunCursor(SafeFileHandle file, string sourceName, SeriesRun run, Action<InputProblem> onProblem)
{
    // Sample lines are short; a longer one grows nothing but a line of its own.
    private const int BufferSize = 512;

    private LineOffsetReader? _lines;
    private int _read;

    /// <summary>The run read.</summary>
    public SeriesRun Run { get; } = run;

    /// <summary>The current sample, after <see cref="MoveNext"/> returned true.</summary>
    public Sample Current { get; private set; }

    /// <summary>Reads the run's next sample; false at the run's end.</summary>
    public bool MoveNext()
    {
        if (_read == Run.Count)
        {
            _lines = null;
            return false;
        }

        _lines ??= new LineOffsetReader(file, Run.Offset, BufferSize);
        var number = Run.FirstLine + _read;
        _read++;
        // The first pass read the labels; the series is known, and its name is enough to check.
        if (_lines.ReadLine() is not { } line
            || !line.StartsWith(Run.Metric, StringComparison.Ordinal)
            || line.Length == Run.Metric.Length
            || line[Run.Metric.Length] is not ('{' or ' ')
            || !OpenMetricsReader.TryParseValueAndTime(line, out var value, out var time)
            || (_read > 1 && time <= Current.Time))
        {
            onProblem(new InputProblem(sourceName, number,
                $"changed since the replay read it first: {Run.Metric} of '{Run.Entity}' stops here"));
            _read = Run.Count;
            _lines = null;
            return false;
        }

        Current = new Sample(time, Run.Entity, Run.Metric, value);
        return true;
    }
}
