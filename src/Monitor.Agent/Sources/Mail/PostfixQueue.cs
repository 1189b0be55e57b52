using Monitor.Core.Signals;

namespace Monitor.Agent.Sources.Mail;

/// <summary>Options of the Postfix queue source (Agent:Sources:PostfixQueue).</summary>
public sealed class PostfixQueueOptions : SourceOptions
{
    /// <summary>The postqueue program. Default "postqueue" (found on PATH).</summary>
    public string Command { get; set; } = "postqueue";

    /// <summary>Postfix configuration directory of the instance to list (postqueue -c). Default empty: the default instance.</summary>
    public string ConfigDirectory { get; set; } = "";

    /// <inheritdoc/>
    public override IEnumerable<string> Validate(string keyPrefix)
    {
        if (string.IsNullOrWhiteSpace(Command) && InputFile.Length == 0)
        {
            yield return $"{keyPrefix}:Command = '{Command}' is not valid: expected the postqueue program, e.g. postqueue or /usr/sbin/postqueue";
        }

        if (ConfigDirectory.Length > 0 && !Directory.Exists(ConfigDirectory))
        {
            yield return $"{keyPrefix}:ConfigDirectory = '{ConfigDirectory}' is not valid: expected an existing Postfix configuration directory, or empty for the default instance";
        }
    }
}

/// <summary>
/// The Postfix queue, from <c>postqueue -j</c>: per queue (maildrop, hold, incoming, active,
/// deferred) messages, bytes and the age of the oldest message; over the deferred queue the
/// distinct recipients and domains that wait, and why, by class. A growing deferred queue with
/// DNS reasons right after a change is the Asahi Net relay typo of seed 004; a growing incoming
/// queue with mailbox reasons is a mailbox store that cannot keep up (seed 000).
/// </summary>
public sealed class PostfixQueue : PolledSource
{
    private readonly PostfixQueueOptions _options;

    /// <summary>Creates the source.</summary>
    public PostfixQueue(PostfixQueueOptions options, SourceContext context)
        : base(options, context)
    {
        _options = options;
    }

    /// <summary>How the agent finds, configures and builds this source: "postfix-queue", under Agent:Sources:PostfixQueue.</summary>
    public static SourceDefinition<PostfixQueueOptions> Definition { get; } = new("postfix-queue", (options, context) => new PostfixQueue(options, context));

    /// <inheritdoc/>
    public override string Name => Definition.Name;

    /// <inheritdoc/>
    protected override async Task<SourceReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        MailQueueTally tally;
        try
        {
            tally = _options.InputFile.Length > 0 ? await ReadFileAsync(cancellationToken) : await RunPostqueueAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new SourceReadException(Name, e.Message, e);
        }

        return new SourceReading(ToSamples(tally, now));
    }

    private async Task<MailQueueTally> ReadFileAsync(CancellationToken cancellationToken)
    {
        await using var file = new FileStream(_options.InputFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, useAsync: true);
        return await PostqueueJsonParser.ReadAsync(file, _options.InputFile, cancellationToken, Context.Domains);
    }

    private async Task<MailQueueTally> RunPostqueueAsync(CancellationToken cancellationToken)
    {
        var arguments = _options.ConfigDirectory.Length > 0 ? new[] { "-c", _options.ConfigDirectory, "-j" } : ["-j"];
        await using var postqueue = ExternalCommand.Start(_options.Command, arguments, cancellationToken);
        var tally = await PostqueueJsonParser.ReadAsync(postqueue.Output, postqueue.Place, cancellationToken, Context.Domains);
        await postqueue.WaitForSuccessAsync(cancellationToken);
        return tally;
    }

    private List<Sample> ToSamples(MailQueueTally tally, DateTimeOffset now)
    {
        var samples = new List<Sample>(24);
        var nowSeconds = now.ToUnixTimeSeconds();
        for (var queue = 0; queue < MailQueueTally.QueueNames.Count; queue++)
        {
            // Empty queues are reported as 0, so a drained queue shows as drained, not as silent.
            var entity = Context.OnThisHost(MailQueueTally.QueueNames[queue]);
            var oldest = tally.OldestArrival(queue) is { } arrival ? Math.Max(0, nowSeconds - arrival) : 0;
            samples.Add(new Sample(now, entity, MetricCatalog.MailQueueMessages, tally.Messages(queue)));
            samples.Add(new Sample(now, entity, MetricCatalog.MailQueueBytes, tally.Bytes(queue)));
            samples.Add(new Sample(now, entity, MetricCatalog.MailQueueOldestAge, oldest));
        }

        samples.Add(new Sample(now, Context.Host, MetricCatalog.MailDeferredRecipients, tally.DeferredRecipients));
        samples.Add(new Sample(now, Context.Host, MetricCatalog.MailDeferredDomains, tally.DeferredDomains));
        foreach (var reasonClass in Enum.GetValues<DeferReasonClass>())
        {
            samples.Add(new Sample(now, Context.OnThisHost(DeferReasonClassifier.Label(reasonClass)), MetricCatalog.MailDeferredByReason, tally.DeferredByReason(reasonClass)));
        }

        // By recipient domain, so a shared MX's queue can be laid on the service whose mail it is.
        for (var bucket = 0; bucket < tally.Buckets.Count; bucket++)
        {
            var domain = tally.Buckets[bucket];
            foreach (var reasonClass in Enum.GetValues<DeferReasonClass>())
            {
                samples.Add(new Sample(now, Context.OnThisHost($"{domain}/{DeferReasonClassifier.Label(reasonClass)}"), MetricCatalog.MailDeferredByDomain, tally.DeferredByBucket(bucket, reasonClass)));
            }

            var oldest = tally.OldestDeferredArrival(bucket) is { } arrival ? Math.Max(0, nowSeconds - arrival) : 0;
            samples.Add(new Sample(now, Context.OnThisHost(domain), MetricCatalog.MailDeferredDomainOldestAge, oldest));
        }

        return samples;
    }
}
