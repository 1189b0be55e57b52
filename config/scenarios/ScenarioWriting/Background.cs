namespace Monitor.Scenarios;

/// <summary>
/// The healthy background of a site, series by series, on a <see cref="Recording"/>: a daily load
/// with noise, and a hook per series where the story takes over (return null to keep the healthy
/// value). What every shape scenario records about the parts its fault does not touch.
/// </summary>
public static class Background
{
    /// <summary>A controller that is up, healthy, at a daily IOPS curve and a latency of a few milliseconds.</summary>
    public static void Controller(Recording r, string id, double nightIops, double peakIops, Func<int, double, double?>? iops = null, Func<int, bool>? up = null, Func<int, double?>? latencyMs = null)
    {
        var load = new double[r.Count];
        for (var i = 0; i < r.Count; i++)
        {
            var healthy = r.Daily(i, nightIops, peakIops);
            load[i] = iops?.Invoke(i, healthy) ?? healthy;
        }

        var isUp = (int i) => up?.Invoke(i) ?? true;
        var labels = $"controller=\"{id}\"";
        r.Add("monitor_controller_up", labels, "0", i => isUp(i) ? 1 : 0);
        r.Add("monitor_controller_health", labels, "0", i => isUp(i) ? 0 : 2);
        r.Add("monitor_controller_iops", labels, "0.0", i => isUp(i) ? load[i] : 0);
        r.Add("monitor_controller_throughput_bytes_per_second", labels, "0", i => isUp(i) ? load[i] * 16_384 : 0);
        r.Add("monitor_controller_latency_seconds", labels, "0.000000", i => isUp(i) ? (latencyMs?.Invoke(i) ?? (1.2 + (load[i] / 20_000))) / 1000 * ScenarioMath.Noise(r.Random, 0.08) : 0);
    }

    /// <summary>A path that is up (or as <paramref name="up"/> says) and carries <paramref name="requests"/> a second (0 on an ALUA standby path).</summary>
    public static void Path(Recording r, string id, Func<int, double> requests, Func<int, bool>? up = null)
    {
        var labels = $"path=\"{id}\"";
        r.Add("monitor_path_up", labels, "0", i => up?.Invoke(i) ?? true ? 1 : 0);
        r.Add("monitor_path_io_requests_per_second", labels, "0.0", i => up?.Invoke(i) ?? true ? requests(i) : 0);
        r.Add("monitor_path_io_timeouts_per_second", labels, "0.000", _ => 0);
    }

    /// <summary>A synthetic probe that succeeds in about <paramref name="seconds"/> (or as <paramref name="duration"/> says).</summary>
    public static void Probe(Recording r, string service, string function, double seconds, Func<int, double?>? duration = null, Func<int, bool>? success = null)
    {
        var labels = $"service=\"{service}\",function=\"{function}\"";
        r.Add("monitor_probe_success", labels, "0", i => success?.Invoke(i) ?? true ? 1 : 0);
        r.Add("monitor_probe_duration_seconds", labels, "0.000", i => duration?.Invoke(i) ?? (seconds * ScenarioMath.Noise(r.Random, 0.15)));
    }

    /// <summary>
    /// POP3 or IMAP logins on a host: a daily curve of successes, about 1% failing (wrong
    /// passwords, a few users a minute), or what <paramref name="failing"/> says for a minute: the
    /// share of logins failing and the distinct users failing in it.
    /// </summary>
    public static void Logins(Recording r, string host, string protocol, double nightPerSecond, double peakPerSecond, Func<int, (double Share, double Users)?>? failing = null)
    {
        var total = new double[r.Count];
        var share = new double[r.Count];
        var users = new double[r.Count];
        for (var i = 0; i < r.Count; i++)
        {
            total[i] = r.Daily(i, nightPerSecond, peakPerSecond);
            var (s, u) = failing?.Invoke(i) ?? (0.01 * ScenarioMath.Noise(r.Random, 0.3), Math.Round(total[i] * 60 * 0.004 * ScenarioMath.Noise(r.Random, 0.3)));
            share[i] = s;
            users[i] = u;
        }

        var labels = $"host=\"{host}\",protocol=\"{protocol}\"";
        r.Add("monitor_mail_login_failures_per_second", labels, "0.000", i => total[i] * share[i]);
        r.Add("monitor_mail_login_successes_per_second", labels, "0.000", i => total[i] * (1 - share[i]));
        r.Add("monitor_mail_login_failed_users", labels, "0", i => users[i]);
    }

    /// <summary>A Postfix host's queues: a few deferred messages (remote sites that do not answer), the active queue busy by day.</summary>
    public static void Queue(Recording r, string host, double nightActive, double peakActive, Func<int, double?>? deferred = null, Func<int, double?>? deferredAge = null)
    {
        var labels = $"host=\"{host}\"";
        r.Add("monitor_mail_queue_messages", $"{labels},queue=\"active\"", "0", i => Math.Round(r.Daily(i, nightActive, peakActive, 0.2)));
        r.Add("monitor_mail_queue_messages", $"{labels},queue=\"deferred\"", "0", i => deferred?.Invoke(i) ?? Math.Round(40 * ScenarioMath.Noise(r.Random, 0.3)));
        r.Add("monitor_mail_queue_oldest_age_seconds", $"{labels},queue=\"deferred\"", "0", i => deferredAge?.Invoke(i) ?? 86_400 + (i * 60));
        r.Add("monitor_mail_queue_oldest_age_seconds", $"{labels},queue=\"active\"", "0", _ => Math.Round(2 + (3 * r.Random.NextDouble())));
        r.Add("monitor_mail_discarded_per_second", labels, "0.000", _ => 0);
    }
}
