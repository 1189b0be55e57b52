using System.ComponentModel.DataAnnotations;

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
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan ChangeLookback { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long an incident must stay quiet after recovery before it is resolved. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A resolved incident whose root flares again within this window is re-opened. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromHours(1);
}
