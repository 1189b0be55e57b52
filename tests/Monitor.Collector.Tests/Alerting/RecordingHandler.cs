using System.Net;
using System.Threading.Channels;

namespace Monitor.Collector.Tests.Alerting;

/// <summary>An HTTP handler that records each request and answers with the next status in line (200 when none is left).</summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Channel<(Uri Url, string Body)> _requests = Channel.CreateUnbounded<(Uri, string)>();
    private readonly Queue<HttpStatusCode> _answers = new();

    public List<(Uri Url, string Body)> Seen { get; } = [];

    public void AnswerNext(params HttpStatusCode[] statuses)
    {
        foreach (var status in statuses)
        {
            _answers.Enqueue(status);
        }
    }

    /// <summary>The next request, within 60 seconds.</summary>
    public async Task<(Uri Url, string Body)> NextAsync()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await _requests.Reader.ReadAsync(bound.Token);
    }

    /// <summary>The next request to a URL ending in <paramref name="pathEnd"/>, skipping others.</summary>
    public async Task<string> NextToAsync(string pathEnd)
    {
        while (true)
        {
            var (url, body) = await NextAsync();
            if (url.AbsolutePath.EndsWith(pathEnd, StringComparison.Ordinal))
            {
                return body;
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        HttpStatusCode status;
        lock (_answers)
        {
            Seen.Add((request.RequestUri!, body));
            status = _answers.Count > 0 ? _answers.Dequeue() : HttpStatusCode.OK;
        }

        await _requests.Writer.WriteAsync((request.RequestUri!, body), cancellationToken);
        return new HttpResponseMessage(status) { Content = new StringContent("") };
    }
}
