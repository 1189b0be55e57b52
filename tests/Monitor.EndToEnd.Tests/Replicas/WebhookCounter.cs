using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Monitor.EndToEnd.Tests.Replicas;

/// <summary>
/// On-call's end, for both replicas: an HTTP listener on a free loopback port that keeps every
/// webhook delivery (<c>/hook</c>) and every Alertmanager post (<c>/api/v2/alerts</c>) with the
/// moment it arrived, so a test counts deliveries per change and times them.
/// </summary>
internal sealed class WebhookCounter : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Lock _lock = new();
    private readonly List<Delivery> _hooks = [];
    private readonly List<long> _alertmanagerPosts = [];
    private readonly Task _serving;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WebhookCounter()
    {
        Port = RunningProgram.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>Where the collectors post webhooks.</summary>
    public string WebhookUrl => $"http://127.0.0.1:{Port}/hook";

    /// <summary>Where the collectors post Alertmanager alerts.</summary>
    public string AlertmanagerUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Every webhook delivery so far, in arrival order.</summary>
    public IReadOnlyList<Delivery> Hooks
    {
        get
        {
            lock (_lock)
            {
                return [.. _hooks];
            }
        }
    }

    /// <summary>Alertmanager posts that arrived after <paramref name="since"/> (a Stopwatch timestamp).</summary>
    public int AlertmanagerPostsSince(long since)
    {
        lock (_lock)
        {
            return _alertmanagerPosts.Count(at => at > since);
        }
    }

    /// <summary>Completes when <paramref name="condition"/> holds, checked at each arrival; fails after <paramref name="bound"/> naming <paramref name="what"/>.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan bound, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            Task arrived;
            lock (_lock)
            {
                arrived = _arrived.Task;
            }

            if (condition())
            {
                return;
            }

            var left = bound - Stopwatch.GetElapsedTime(started);
            try
            {
                await arrived.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
            catch (TimeoutException e)
            {
                var seen = string.Join("\n", Hooks.Select(h => $"{h.Event} {h.ChangeKey}"));
                throw new TimeoutException($"no {what} within {bound.TotalSeconds:0} s; webhooks so far:\n{seen}", e);
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            string body;
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                body = await reader.ReadToEndAsync();
            }

            var at = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                if (context.Request.Url?.AbsolutePath == "/hook")
                {
                    using var json = JsonDocument.Parse(body);
                    var root = json.RootElement;
                    _hooks.Add(new Delivery(root.GetProperty("event").GetString()!, root.GetProperty("incidentId").GetString()!, root.GetProperty("changeKey").GetString()!, at));
                }
                else
                {
                    _alertmanagerPosts.Add(at);
                }

                _arrived.TrySetResult();
                _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    /// <summary>One webhook delivery: its event, merged incident, change key and arrival (a Stopwatch timestamp).</summary>
    public sealed record Delivery(string Event, string IncidentId, string ChangeKey, long At);
}
