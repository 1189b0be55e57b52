using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Monitor.Core.Signals;

namespace Monitor.Agent.Sources.Mail;

/// <summary>Options of the mail log source (Agent:Sources:MailLog).</summary>
public sealed class MailLogOptions : SourceOptions
{
    /// <summary>The log file Postfix and Dovecot write, under Root. Default "/var/log/mail.log" (Debian's rsyslog).</summary>
    public string Path { get; set; } = "/var/log/mail.log";

    /// <summary>Read journald (journalctl -o json) instead of the file. Default false.</summary>
    public bool Journal { get; set; }

    /// <summary>The journalctl program. Default "journalctl".</summary>
    public string JournalCommand { get; set; } = "journalctl";

    /// <summary>Extra journalctl arguments, e.g. ["-u", "postfix@-.service", "-u", "dovecot.service"] or ["--directory=/var/log/journal"]. Default none.</summary>
    public List<string> JournalArguments { get; set; } = [];

    /// <summary>Where the position (file inode and offset, or journal cursor) is kept across restarts. Empty: in memory only. Default "/var/lib/monitor/maillog-position.json".</summary>
    public string StateFile { get; set; } = "/var/lib/monitor/maillog-position.json";

    /// <summary>With no saved position, start at the end (true) or read the whole history (false). Default true.</summary>
    public bool StartAtEnd { get; set; } = true;

    /// <summary>IANA zone of syslog timestamps that carry none ("Nov 23 09:00:01"), e.g. "Asia/Tokyo". Empty: this machine's zone.</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>Most bytes of log read in one interval; the rest is read next time. Default 256 MiB.</summary>
    public long MaxBytesPerRead { get; set; } = 256L * 1024 * 1024;

    /// <summary>Most bytes of one log line kept; the rest of a longer line is skipped, never buffered, and counted. Default 65536 (64 KiB).</summary>
    public int MaxLineBytes { get; set; } = BoundedLineReader.DefaultMaxLineBytes;

    /// <inheritdoc/>
    public override IEnumerable<string> Validate(string keyPrefix)
    {
        if (MaxLineBytes < 1024)
        {
            yield return $"{keyPrefix}:MaxLineBytes = '{MaxLineBytes}' is not valid: expected at least 1024 bytes";
        }

        if (!Journal && InputFile.Length == 0 && string.IsNullOrWhiteSpace(Path))
        {
            yield return $"{keyPrefix}:Path = '{Path}' is not valid: expected the mail log file, e.g. /var/log/mail.log (or Journal = true)";
        }

        if (TimeZone.Length > 0 && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"{keyPrefix}:TimeZone = '{TimeZone}' is not valid: expected an IANA time zone such as Asia/Tokyo, or empty for this machine's";
        }

        if (MaxBytesPerRead < 1024)
        {
            yield return $"{keyPrefix}:MaxBytesPerRead = '{MaxBytesPerRead}' is not valid: expected at least 1024 bytes";
        }
    }
}

/// <summary>
/// Postfix and Dovecot logs, followed from a file (through rotation and truncation) or from
/// journald, resuming at the saved position after a restart. Per interval: POP3/IMAP login
/// failures and successes and the distinct users failing (what users felt in seed 000), each of
/// those users also as a sighting (a keyed hash of the login, its domain) so incidents count
/// people across intervals and hosts (docs/detection.md, "Counting people"), failed
/// deliveries into the mailbox store, bounces, and mail dropped without delivery (the mail loss
/// of seed 004), each mail-loss line also an event on the incident timeline. With InputFile the
/// whole saved log is read each time and rates are over the time the log spans.
/// </summary>
public sealed partial class MailLog : PolledSource
{
    private readonly MailLogOptions _options;
    private readonly MailLogScanner _scanner;
    private readonly TimeZoneInfo _zone;
    private readonly ILogger _logger;

    // A key of this run only: user ids never leave the agent, and nothing outlives it that could match them to names.
    private readonly UserHash _users = new(RandomNumberGenerator.GetBytes(32));
    private MailLogState? _state;

    /// <summary>Creates the source.</summary>
    public MailLog(MailLogOptions options, SourceContext context)
        : base(options, context)
    {
        _options = options;
        _scanner = new MailLogScanner(context.Host, context.Domains);
        _zone = options.TimeZone.Length > 0 ? TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone) : TimeZoneInfo.Local;
        _logger = context.Logs.CreateLogger<MailLog>();
    }

    /// <summary>How the agent finds, configures and builds this source: "maillog", under Agent:Sources:MailLog.</summary>
    public static SourceDefinition<MailLogOptions> Definition { get; } = new("maillog", (options, context) => new MailLog(options, context));

    /// <inheritdoc/>
    public override string Name => Definition.Name;

    /// <inheritdoc/>
    protected override async Task<SourceReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tally = new MailLogTally(_users);
        try
        {
            if (_options.InputFile.Length > 0)
            {
                await ReadSavedLogAsync(tally, now, cancellationToken);
                var span = tally.FirstLine is { } first && tally.LastLine is { } last ? last - first : TimeSpan.Zero;
                return new SourceReading(ToSamples(tally, now, span < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : span), tally.Events) { Sightings = tally.Sightings };
            }

            var state = _state ??= LoadState();
            state = _options.Journal
                ? await ReadJournalAsync(state, tally, now, cancellationToken)
                : await ReadFileAsync(state, tally, now, cancellationToken);
            var interval = state.LastRead is { } previous ? now - previous : (TimeSpan?)null;
            _state = state with { LastRead = now };
            SaveState(_state);

            // The first read ever has no interval to turn counts into rates over.
            var samples = interval is { } elapsed && elapsed > TimeSpan.Zero ? ToSamples(tally, now, elapsed) : [];
            return new SourceReading(samples, tally.Events) { Sightings = tally.Sightings };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException)
        {
            throw new SourceReadException(Name, e.Message, e);
        }
    }

    private async Task ReadSavedLogAsync(MailLogTally tally, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!File.Exists(_options.InputFile))
        {
            throw new FileNotFoundException($"log file {_options.InputFile} not found");
        }

        // The year of "Nov 23 09:00:01" is inferred for the file as a whole (a first pass), from
        // its last line back, not line by line from today; the file was last written at its end.
        var written = new DateTimeOffset(File.GetLastWriteTimeUtc(_options.InputFile), TimeSpan.Zero);
        var years = SyslogYears.ForSavedFile(BoundedLineReader.ReadLines(_options.InputFile, _options.MaxLineBytes), written < now ? written : now, _zone);
        var lineNumber = 0;
        await using var file = File.OpenRead(_options.InputFile);
        var reader = new BoundedLineReader(file, _options.MaxLineBytes);
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            lineNumber++;
            if (reader.LastLineCut)
            {
                CutLine(tally, $"{_options.InputFile} line {lineNumber}", text);
            }

            if (!MailLogLine.TryParse(text, years, _zone, out var line, out var layoutError))
            {
                if (layoutError is not null)
                {
                    throw new InvalidDataException($"{_options.InputFile} line {lineNumber}: {layoutError}: {LogText.Excerpt(text)}");
                }

                continue;
            }

            _scanner.Scan(line, tally);
        }
    }

    private async Task<MailLogState> ReadFileAsync(MailLogState state, MailLogTally tally, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var path = _options.UnderRoot(_options.Path);
        var from = state.FilePath == path ? state.File : null;
        var position = await LogFileFollower.ReadAsync(
            path,
            from,
            _options.StartAtEnd,
            _options.MaxBytesPerRead,
            _options.MaxLineBytes,
            (text, cut) =>
            {
                if (cut)
                {
                    CutLine(tally, path, text);
                }

                Scan(text, now, tally);
            },
            cancellationToken);
        return state with { FilePath = path, File = position };
    }

    private async Task<MailLogState> ReadJournalAsync(MailLogState state, MailLogTally tally, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "-o", "json", "--no-pager" };
        if (state.JournalCursor is { } cursor)
        {
            arguments.Add($"--after-cursor={cursor}");
        }
        else if (state.JournalSince is not null || _options.StartAtEnd)
        {
            // No cursor yet: from the first read's time, so nothing between two reads is missed.
            var since = state.JournalSince ?? now.ToUnixTimeSeconds();
            state = state with { JournalSince = since };
            arguments.Add($"--since=@{since.ToString(CultureInfo.InvariantCulture)}");
        }

        arguments.AddRange(_options.JournalArguments);
        await using var journalctl = ExternalCommand.Start(_options.JournalCommand, arguments, cancellationToken);
        // A journal entry as JSON is longer than its message (escapes, or an array of bytes): room for that.
        var reader = new BoundedLineReader(journalctl.Output, (int)Math.Min(int.MaxValue / 2, 8L * _options.MaxLineBytes));
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } json)
        {
            lineNumber++;
            if (reader.LastLineCut)
            {
                // Cut JSON cannot be parsed: the entry is skipped, counted, and the read goes on.
                CutLine(tally, $"{journalctl.Place} line {lineNumber}", json);
                continue;
            }

            if (json.Length == 0)
            {
                continue;
            }

            if (!JournalEntry.TryParse(json, out var entry, out var error))
            {
                throw new InvalidDataException($"{journalctl.Place} line {lineNumber}: {error}");
            }

            _scanner.Scan(entry.Line, tally);
            state = state with { JournalCursor = entry.Cursor };
        }

        await journalctl.WaitForSuccessAsync(cancellationToken);
        return state;
    }

    // Named once per read with its place, escaped and short; every such line is counted.
    private void CutLine(MailLogTally tally, string place, string text)
    {
        if (tally.CutLines++ == 0)
        {
            _logger.LogWarning("source {Source}: {Place}: longer than {MaxLineBytes} bytes; the rest of the line skipped: {Line}", Name, place, _options.MaxLineBytes, LogText.Excerpt(text));
        }
    }

    private void Scan(string text, DateTimeOffset now, MailLogTally tally)
    {
        // Lines that are not log lines (a wrapped continuation) are skipped; a timestamp not
        // understood is counted and named once per read, as a followed file cannot be refused.
        if (MailLogLine.TryParse(text, SyslogYears.Near(now), _zone, out var line, out var layoutError))
        {
            _scanner.Scan(line, tally);
        }
        else if (layoutError is not null && tally.NotUnderstood++ == 0)
        {
            _logger.LogWarning("source {Source}: {Path}: {Error}: {Line}", Name, _options.Path, layoutError, LogText.Excerpt(text));
        }
    }

    private List<Sample> ToSamples(MailLogTally tally, DateTimeOffset now, TimeSpan interval)
    {
        var seconds = interval.TotalSeconds;
        var samples = new List<Sample>(9);
        foreach (var protocol in MailLogTally.Protocols)
        {
            var entity = Context.OnThisHost(protocol);
            samples.Add(new Sample(now, entity, MetricCatalog.MailLoginFailures, tally.LoginFailures(protocol) / seconds));
            samples.Add(new Sample(now, entity, MetricCatalog.MailLoginSuccesses, tally.LoginSuccesses(protocol) / seconds));
            samples.Add(new Sample(now, entity, MetricCatalog.MailLoginFailedUsers, tally.FailedUsers(protocol)));
        }

        if (tally.CutLines > 0)
        {
            _logger.LogWarning("source {Source}: {Count} lines longer than {MaxLineBytes} bytes cut in this read", Name, tally.CutLines, _options.MaxLineBytes);
        }

        samples.Add(new Sample(now, Context.Host, MetricCatalog.MailDeliveryFailures, tally.DeliveryFailures / seconds));
        foreach (var bucket in Context.Domains.Buckets)
        {
            foreach (var failureClass in Enum.GetValues<DeliveryFailureClass>())
            {
                var entity = Context.OnThisHost($"{bucket}/{DeliveryFailureClassifier.Label(failureClass)}");
                samples.Add(new Sample(now, entity, MetricCatalog.MailDeliveryDeferred, tally.DeliveryFailuresBy(bucket, failureClass, permanent: false) / seconds));
                samples.Add(new Sample(now, entity, MetricCatalog.MailDeliveryBounced, tally.DeliveryFailuresBy(bucket, failureClass, permanent: true) / seconds));
            }
        }

        samples.Add(new Sample(now, Context.Host, MetricCatalog.MailBounces, tally.Bounces / seconds));
        samples.Add(new Sample(now, Context.Host, MetricCatalog.MailDiscarded, tally.Discarded / seconds));
        foreach (var bucket in Context.Domains.Buckets)
        {
            foreach (var status in Enum.GetValues<MailOutcome>())
            {
                foreach (var reason in status == MailOutcome.Sent ? [DeferReasonClass.Other] : Enum.GetValues<DeferReasonClass>())
                {
                    var entity = Context.OnThisHost($"{bucket}/{MailOutcomeLabel(status)}/{DeferReasonClassifier.Label(reason)}");
                    samples.Add(new Sample(now, entity, MetricCatalog.MailLogOutcomes, tally.Outcomes.By(bucket, status, reason) / seconds));
                }
            }
        }

        samples.Add(new Sample(now, Context.OnThisHost("backscatter"), MetricCatalog.MailRemoved, tally.Removed(MailRemoval.Backscatter) / seconds));
        samples.Add(new Sample(now, Context.OnThisHost("admin"), MetricCatalog.MailRemoved, tally.Removed(MailRemoval.Admin) / seconds));
        return samples;
    }

    private static string MailOutcomeLabel(MailOutcome status) => status switch
    {
        MailOutcome.Sent => "sent",
        MailOutcome.Deferred => "deferred",
        MailOutcome.Bounced => "bounced",
        MailOutcome.Expired => "expired",
        _ => "rejected",
    };

    private MailLogState LoadState()
    {
        if (_options.StateFile.Length == 0 || !File.Exists(_options.StateFile))
        {
            return new MailLogState();
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(_options.StateFile), StateJson.Default.MailLogState) ?? new MailLogState();
        }
        catch (JsonException e)
        {
            // A damaged position must not stop the source for good: start over, and say so.
            _logger.LogWarning("source {Source}: state file {StateFile} is not valid ({Error}); starting again as if new", Name, _options.StateFile, e.Message);
            return new MailLogState();
        }
    }

    // The saved position's JSON, generated at build time (no reflection: survives trimming).
    [JsonSourceGenerationOptions(WriteIndented = true)]
    [JsonSerializable(typeof(MailLogState))]
    private sealed partial class StateJson : JsonSerializerContext;

    private void SaveState(MailLogState state)
    {
        if (_options.StateFile.Length == 0)
        {
            return;
        }

        // Write beside and rename, so a crash never leaves half a position.
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_options.StateFile))!);
        var temporary = _options.StateFile + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(state, StateJson.Default.MailLogState));
        File.Move(temporary, _options.StateFile, overwrite: true);
    }

    /// <summary>One journald entry as <c>journalctl -o json</c> prints it.</summary>
    private readonly record struct JournalEntry(MailLogLine Line, string Cursor)
    {
        public static bool TryParse(string json, out JournalEntry entry, out string error)
        {
            entry = default;
            try
            {
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("__CURSOR", out var cursor) || cursor.ValueKind != JsonValueKind.String)
                {
                    error = "not a journal entry (no __CURSOR)";
                    return false;
                }

                var micros = root.TryGetProperty("__REALTIME_TIMESTAMP", out var t) && t.ValueKind == JsonValueKind.String
                    && long.TryParse(t.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 0;
                var line = new MailLogLine(
                    DateTimeOffset.UnixEpoch.AddTicks(micros * 10),
                    Text(root, "_HOSTNAME"),
                    Text(root, "SYSLOG_IDENTIFIER") ?? "",
                    Text(root, "MESSAGE") ?? "");
                entry = new JournalEntry(line, cursor.GetString()!);
                error = "";
                return true;
            }
            catch (JsonException e)
            {
                error = $"not JSON ({e.Message})";
                return false;
            }
        }

        // journald gives a field as an array of bytes when it is not valid UTF-8.
        private static string? Text(JsonElement root, string name) =>
            !root.TryGetProperty(name, out var value) ? null
            : value.ValueKind == JsonValueKind.String ? value.GetString()
            : value.ValueKind == JsonValueKind.Array ? Encoding.UTF8.GetString(value.EnumerateArray().Select(b => (byte)b.GetInt32()).ToArray())
            : null;
    }
}

/// <summary>The mail log source's position, kept in its state file across restarts.</summary>
/// <param name="FilePath">The log file the position belongs to.</param>
/// <param name="File">Position in that file.</param>
/// <param name="JournalCursor">The last journal entry read.</param>
/// <param name="JournalSince">With no cursor yet: read the journal from this time (Unix seconds).</param>
/// <param name="LastRead">When the last read happened, so the first interval after a restart has a length.</param>
public sealed record MailLogState(
    string? FilePath = null, LogFilePosition? File = null, string? JournalCursor = null, long? JournalSince = null, DateTimeOffset? LastRead = null);
