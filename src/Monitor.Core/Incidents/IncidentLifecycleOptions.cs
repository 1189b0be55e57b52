using System.ComponentModel.DataAnnotations;
using Monitor.Core.Signals;

namespace Monitor.Core.Incidents;

/// <summary>
/// How incidents open, resolve and re-open (section Agent:Incidents). Every default is written
/// here and in config/agent.json, so a site can backtest a change with the replay before deploying it.
/// </summary>
public sealed class IncidentLifecycleOptions
{
    /// <summary>
    /// A change this long before an incident's onset is named as its suspected cause. Default 7 days:
    /// Alpha Mail's episodes came over two weeks after the firmware update (seed 000).
    /// </summary>
    [TimeSpanRange("00:00:00", "30.00:00:00")]
    public TimeSpan ChangeLookback { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long an incident must stay quiet after recovery before it is resolved. Default 15 minutes.</summary>
    [TimeSpanRange("00:00:00", "7.00:00:00")]
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A resolved incident whose root flares again within this window is re-opened. Default 1 hour.</summary>
    [TimeSpanRange("00:00:00", "7.00:00:00")]
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A change to an incident's figures alone (the observed user count moving by less than
    /// UsersStep, a finding's newest evidence) waits at most this long for the next revision; a
    /// change a person acts on goes out at once (see <see cref="RevisionPolicy"/>). Default 15
    /// minutes: an 80-hour incident then makes at most 320 figure-only revisions, a third of the
    /// 1,000 the collector takes for one incident (Limits:MaxRevisionsPerIncident). Zero sends every change.
    /// </summary>
    [TimeSpanRange("00:00:00", "1.00:00:00")]
    public TimeSpan FiguresEvery { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// After the agent restarts, how long an incident it resumed stays as it was while the sources
    /// refill the signal window and the rules can see the trouble again. Past it, an incident whose
    /// findings have not come back is recovered "at an unknown time" while the agent was down.
    /// Default 5 minutes: five reads at a one-minute interval, what the rules that count samples
    /// need (OverloadSamples, LatencyBuildUpSamples, HeadroomSamples). A rule that needs a longer
    /// history (a usual level, a filling rate) re-opens the same incident when it sees the trouble again.
    /// </summary>
    [TimeSpanRange("00:00:00", "1.00:00:00")]
    public TimeSpan ResumeGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far the affected-user maximum must rise, as a fraction of what the last revision said,
    /// to go out at once. Default 0.1 (10%): the count's own jitter stays below it, a storm that
    /// spreads crosses it; at most about 150 steps from 1 to 1,000,000 users.
    /// </summary>
    [Range(0.0, 10.0)]
    public double UsersStep { get; set; } = 0.1;
}
