namespace Monitor.Agent.Sources;

/// <summary>
/// One timer for every source read at the same interval. Each source with its own timer made
/// the sources of one tick fire apart, on different timer queues: the timer thread woke twice a
/// source, and the detection worker, finding the tick's first batch alone, armed its settle
/// timer every tick. Sharing one, the sources of a tick start together and deliver together.
/// The first source's read runs on the thread the timer fired on; each other one is handed to a
/// pool thread of its own, so one read that hangs never holds another.
/// </summary>
public sealed class ReadSchedule(TimeProvider clock)
{
    private readonly TimeProvider _clock = clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<TimeSpan, Interval> _intervals = [];

    /// <summary>The ticks of one more source read every <paramref name="interval"/>.</summary>
    internal ReadTicks Every(TimeSpan interval)
    {
        lock (_gate)
        {
            if (!_intervals.TryGetValue(interval, out var shared))
            {
                shared = new Interval(this, interval);
                _intervals[interval] = shared;
            }

            return shared.Join();
        }
    }

    /// <summary>The sources read at one interval, and their timer.</summary>
    internal sealed class Interval
    {
        private readonly ReadSchedule _schedule;
        private readonly TimeSpan _interval;
        private readonly ITimer _timer;
        private ReadTicks[] _members = [];

        public Interval(ReadSchedule schedule, TimeSpan interval)
        {
            _schedule = schedule;
            _interval = interval;
            _timer = schedule._clock.CreateTimer(static state => ((Interval)state!).Fire(), this, interval, interval);
        }

        public ReadTicks Join()
        {
            var ticks = new ReadTicks(this);
            _members = [.. _members, ticks];
            return ticks;
        }

        public void Leave(ReadTicks ticks)
        {
            lock (_schedule._gate)
            {
                _members = [.. _members.Where(m => m != ticks)];
                if (_members.Length == 0)
                {
                    _schedule._intervals.Remove(_interval);
                    _timer.Dispose();
                }
            }
        }

        private void Fire()
        {
            ReadTicks[] members;
            lock (_schedule._gate)
            {
                members = _members;
            }

            ReadTicks? first = null;
            foreach (var member in members)
            {
                if (!member.Ticked())
                {
                    continue; // still reading: its tick is kept
                }

                if (first is null)
                {
                    first = member;
                }
                else
                {
                    ThreadPool.UnsafeQueueUserWorkItem(static m => m.Resume(), member, preferLocal: false);
                }
            }

            first?.Resume();
        }
    }
}
