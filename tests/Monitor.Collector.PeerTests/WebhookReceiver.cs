using System.Net;
using System.Text.Json;
using System.Threading.Channels;

namespace Monitor.Collector.PeerTests;

/// <summary>
/// The on-call end of Alertmanager's webhook: an HTTP listener on a free loopback port that
/// keeps each notification for the test to wait on.
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<JsonDocument> _notifications = Channel.CreateUnbounded<JsonDocument>();
    private readonly Task _serving;

    public WebhookReceiver()
    {
        Port = RunningProgram.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>The next notification whose status is <paramref name="status"/>, within 60 seconds.</summary>
    public async Task<JsonElement> NextAsync(string status)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var notification = await _notifications.Reader.ReadAsync(bound.Token);
            if (notification.RootElement.GetProperty("status").GetString() == status)
            {
                return notification.RootElement;
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _notifications.Writer.TryComplete();
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

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var body = await reader.ReadToEndAsync();
                await _notifications.Writer.WriteAsync(JsonDocument.Parse(body));
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
