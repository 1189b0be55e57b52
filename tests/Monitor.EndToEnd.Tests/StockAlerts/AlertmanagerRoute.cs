namespace Monitor.EndToEnd.Tests.StockAlerts;

/// <summary>
/// How many notifications the stock alerts would send through the route most sites start from
/// (Alertmanager's example): grouped by alertname, cluster and service; the first after
/// group_wait, then at each group_interval when an alert not yet notified fires, again after
/// repeat_interval, and none for resolved alerts (the email and chat receivers' default).
/// Alertmanager's dedup rule: notify when the firing set is not a subset of what was last sent.
/// </summary>
internal static class AlertmanagerRoute
{
    public static readonly string[] GroupBy = ["alertname", "cluster", "service"];
    public static readonly TimeSpan GroupWait = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan GroupInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan RepeatInterval = TimeSpan.FromHours(4);

    public static int Notifications(IReadOnlyList<StockEvaluation> evaluations) =>
        evaluations.SelectMany(e => e.Firing).Select(a => a.Group).Distinct(StringComparer.Ordinal)
            .Sum(group => Notifications(evaluations, group));

    private static int Notifications(IReadOnlyList<StockEvaluation> evaluations, string group)
    {
        var times = evaluations.Select(e => e.At).ToList();
        HashSet<string> FiringAt(TimeSpan time)
        {
            var index = times.BinarySearch(time);
            var latest = index >= 0 ? index : ~index - 1;
            return latest < 0 ? [] : [.. evaluations[latest].Firing.Where(a => a.Group == group).Select(a => a.Identity)];
        }

        var end = times[^1];
        var sent = 0;
        var notified = new HashSet<string>(StringComparer.Ordinal);
        TimeSpan? notifiedAt = null;
        var from = TimeSpan.MinValue;
        while (evaluations.FirstOrDefault(e => e.At > from && e.Firing.Any(a => a.Group == group)) is { } formed)
        {
            // The group forms when one of its alerts fires, and lives until a flush finds it empty.
            var flush = formed.At + GroupWait;
            for (; flush <= end; flush += GroupInterval)
            {
                var firing = FiringAt(flush);
                if (firing.Count == 0)
                {
                    notified.Clear();
                    break;
                }

                if (!firing.IsSubsetOf(notified) || flush - notifiedAt > RepeatInterval)
                {
                    sent++;
                    notified = firing;
                    notifiedAt = flush;
                }
            }

            from = flush;
        }

        return sent;
    }
}
