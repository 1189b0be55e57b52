using Microsoft.Win32.SafeHandles;
using Monitor.Core.Signals;

namespace Monitor.Agent.Replay;

/// <summary>
/// Reads one <see cref="SeriesRun"/> back from the file, a sample at a time, holding only the
/// current sample and a small buffer. The first pass has checked every line of the run; a line that
/// no longer reads the same means the file changed under the replay, and ends the run with a problem.
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
        if (_lines.ReadLine() is not { } line
            || !OpenMetricsReader.TryParse(line, out var sample, out _)
            || sample.Entity != Run.Entity
            || sample.Metric != Run.Metric
            || sample.Time <= Current.Time && _read > 1)
        {
            onProblem(new InputProblem(sourceName, number,
                $"changed since the replay read it first: {Run.Metric} of '{Run.Entity}' stops here"));
            _read = Run.Count;
            _lines = null;
            return false;
        }

        // The run's strings, not the line's: one copy per series however long the recording.
        Current = sample with { Entity = Run.Entity, Metric = Run.Metric };
        return true;
    }
}
