using Monitor.Core.Signals;

namespace Monitor.Agent.Replay;

/// <summary>
/// A scenario's metrics.om, read in two passes so that replay never holds the whole recording.
/// The first (<see cref="Index"/>) reads every line through <see cref="OpenMetricsReader"/>, so
/// bad lines are reported with their line as always, and keeps only where each
/// <see cref="SeriesRun"/> starts. The second (<see cref="InTimeOrder"/>) merges the runs by time,
/// one cursor a run, each holding one sample: OpenMetrics orders by family and series, playback by
/// time. Memory goes with the number of runs (about the number of series), not of samples.
/// </summary>
public sealed class MetricsRecording
{
    private const int IndexBufferSize = 64 * 1024;

    private readonly string _path;
    private readonly List<SeriesRun> _runs;

    private MetricsRecording(string path, List<SeriesRun> runs, long samples, DateTimeOffset? first, DateTimeOffset? last)
    {
        _path = path;
        _runs = runs;
        SampleCount = samples;
        First = first;
        Last = last;
    }

    /// <summary>The runs found by the first pass, in file order.</summary>
    public IReadOnlyList<SeriesRun> Runs => _runs;

    /// <summary>Samples the first pass kept.</summary>
    public long SampleCount { get; }

    /// <summary>Time of the earliest sample, if any.</summary>
    public DateTimeOffset? First { get; }

    /// <summary>Time of the latest sample, if any.</summary>
    public DateTimeOffset? Last { get; }

    /// <summary>
    /// Most samples <see cref="InTimeOrder"/> has held at once so far: one waiting per run, and
    /// those of the batch being put together.
    /// </summary>
    public int MostSamplesHeld { get; private set; }

    /// <summary>First pass: checks every line of <paramref name="path"/> and finds its runs.</summary>
    /// <param name="path">The metrics.om file; also the source named in problems.</param>
    /// <param name="onProblem">Called once per unusable line, as <see cref="OpenMetricsReader.Read"/> does.</param>
    public static MetricsRecording Index(string path, Action<InputProblem> onProblem)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var lines = new LineOffsetReader(file, 0, IndexBufferSize);
        var runs = new List<SeriesRun>();
        var strings = new HashSet<string>(StringComparer.Ordinal);
        long samples = 0;
        DateTimeOffset? first = null;
        DateTimeOffset? last = null;
        foreach (var (line, sample) in OpenMetricsReader.ReadNumbered(lines, path, onProblem))
        {
            if (line != lines.LinesRead)
            {
                throw new InvalidOperationException($"{path}: sample of line {line} came after line {lines.LinesRead} was read");
            }

            if (runs.Count > 0 && runs[^1] is var run && run.FirstLine + run.Count == line && run.Entity == sample.Entity && run.Metric == sample.Metric)
            {
                runs[^1] = run with { Count = run.Count + 1 };
            }
            else
            {
                runs.Add(new SeriesRun(lines.LineOffset, line, 1, Intern(sample.Entity), Intern(sample.Metric)));
            }

            samples++;
            first = first is { } f && f <= sample.Time ? f : sample.Time;
            last = last is { } l && l >= sample.Time ? l : sample.Time;
        }

        return new MetricsRecording(path, runs, samples, first, last);

        string Intern(string text)
        {
            if (!strings.TryGetValue(text, out var known))
            {
                strings.Add(text);
                known = text;
            }

            return known;
        }
    }

    /// <summary>
    /// Second pass: the samples grouped by time, earliest first, each group in file order (as one
    /// batch of a live source). Each group is a new list, so a caller may keep it.
    /// </summary>
    /// <param name="onProblem">Called if a line no longer reads as in the first pass (the file changed).</param>
    public IEnumerable<(DateTimeOffset Time, List<Sample> Samples)> InTimeOrder(Action<InputProblem> onProblem)
    {
        if (_runs.Count == 0)
        {
            yield break;
        }

        using var file = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.Read);

        // Equal times come out in run order, which is file order.
        var waiting = new PriorityQueue<SeriesRunCursor, (long Ticks, int Run)>(_runs.Count);
        for (var i = 0; i < _runs.Count; i++)
        {
            Enqueue(new SeriesRunCursor(file, _path, _runs[i], onProblem), i);
        }

        while (waiting.TryPeek(out var head, out var next))
        {
            var time = head.Current.Time;
            var batch = new List<Sample>();
            while (waiting.TryPeek(out var cursor, out var at) && at.Ticks == next.Ticks)
            {
                waiting.Dequeue();
                batch.Add(cursor.Current);
                Enqueue(cursor, at.Run);
            }

            MostSamplesHeld = Math.Max(MostSamplesHeld, waiting.Count + batch.Count);
            yield return (time, batch);
        }

        void Enqueue(SeriesRunCursor cursor, int run)
        {
            if (cursor.MoveNext())
            {
                waiting.Enqueue(cursor, (cursor.Current.Time.UtcTicks, run));
            }
        }
    }
}
