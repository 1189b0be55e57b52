using Google.Protobuf.WellKnownTypes;
using Monitor.Collector.Merging;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Reports;

/// <summary>
/// One report being built: the incident, the language and time zone, and the sections so far.
/// Holds the small helpers every section uses: the language switch, local times, labels.
/// </summary>
internal sealed class ReportComposer
{
    private readonly List<ReportSection> _sections = [];
    private readonly List<ReportBlock> _blocks = [];
    private readonly List<string> _originals = [];
    private (int Level, string Heading)? _current;

    public ReportComposer(IncidentView view, ReportLanguage language, TimeZoneInfo timeZone)
    {
        View = view;
        Language = language;
        TimeZone = timeZone;
    }

    public IncidentView View { get; }

    public IncidentRevision Incident => View.Incident;

    public ReportLanguage Language { get; }

    public TimeZoneInfo TimeZone { get; }

    public bool IsJapanese => Language == ReportLanguage.Japanese;

    public string ToFill => MicReport.ToFillMark(Language);

    /// <summary>The estimated cause; validation guarantees one, an empty finding stands in otherwise.</summary>
    public Finding Root => Incident.RootCause ?? new Finding();

    /// <summary>The root cause and every symptom.</summary>
    public IEnumerable<Finding> Findings => Incident.RootCause is null ? Incident.Symptoms : Incident.Symptoms.Prepend(Incident.RootCause);

    public DateTimeOffset OpenedLocal => Local(Incident.OpenedAt.ToDateTimeOffset());

    /// <summary>One line: line breaks become spaces.</summary>
    public static string Inline(string text) =>
        text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ').Trim();

    /// <summary>The Japanese or the English wording.</summary>
    public string L(string japanese, string english) => IsJapanese ? japanese : english;

    /// <summary>The text, or the to-fill mark when the agent did not know it.</summary>
    public string OrToFill(string? text) => string.IsNullOrWhiteSpace(text) ? ToFill : Inline(text);

    /// <summary>
    /// Text an agent wrote. In the Japanese report, text with no Japanese in it is the agent's
    /// English: kept as written and labelled, never translated.
    /// </summary>
    public string AgentText(string text)
    {
        var line = Inline(text);
        return IsJapanese && IsMostlyEnglish(line) ? $"{line}{EnglishMark}" : line;
    }

    /// <summary>The label of English quoted as written in the Japanese report.</summary>
    public const string EnglishMark = "（英語原文）";

    /// <summary>The English originals the Japanese body refers to as ［原文N］, in the order first referred to.</summary>
    public IReadOnlyList<string> Originals => _originals;

    /// <summary>
    /// Text an agent, a device or a person wrote that is not a finding's own sentence (a log line,
    /// a note, an action's text, a role). In the Japanese report, English is not quoted in the
    /// body: it gets a number, "［原文1］", and is quoted in the originals appendix; the same text
    /// keeps its number. Japanese text and the English report keep the text inline.
    /// </summary>
    public string Original(string text)
    {
        var line = Inline(text);
        if (!IsJapanese || !IsMostlyEnglish(line))
        {
            return line;
        }

        var index = _originals.IndexOf(line);
        if (index < 0)
        {
            _originals.Add(line);
            index = _originals.Count - 1;
        }

        return OriginalReference(index + 1);
    }

    /// <summary>"［原文3］": how the Japanese body points at the appendix's third original.</summary>
    public static string OriginalReference(int number) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"［原文{number}］");

    /// <summary>Whether <see cref="Original"/> would send <paramref name="text"/> to the appendix.</summary>
    public bool GoesToOriginals(string text) => IsJapanese && IsMostlyEnglish(Inline(text));

    public DateTimeOffset Local(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, TimeZone);

    public string DateTime(Timestamp time) => DateTime(time.ToDateTimeOffset());

    public string DateTime(DateTimeOffset time) =>
        IsJapanese ? JapaneseText.DateTime(Local(time)) : EnglishText.DateTime(Local(time));

    public string Duration(TimeSpan duration) => IsJapanese ? JapaneseText.Duration(duration) : EnglishText.Duration(duration);

    public string Number(long value) => IsJapanese ? JapaneseText.Number(value) : EnglishText.Number(value);

    /// <summary>"8時55分" on the day the incident opened, the full date on another day.</summary>
    public string Moment(Timestamp time)
    {
        var local = Local(time.ToDateTimeOffset());
        if (local.Date != OpenedLocal.Date)
        {
            return DateTime(time);
        }

        return IsJapanese ? JapaneseText.Time(local) : EnglishText.Time(local);
    }

    public void Section(int level, string heading)
    {
        Flush();
        _current = (level, heading);
    }

    public void Paragraph(params string[] lines) => _blocks.Add(new ParagraphBlock(lines));

    public void Items(params ListItem[] items)
    {
        if (items.Length > 0)
        {
            _blocks.Add(new ListBlock(items));
        }
    }

    public void Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<bool> rightAligned) =>
        _blocks.Add(new TableBlock(headers, rows, rightAligned));

    public void Chart(ChartBlock chart) => _blocks.Add(chart);

    /// <summary>What a person must write, marked as such.</summary>
    public void Fill(string what) => _blocks.Add(new ToFillBlock(what));

    public void Divider(string text) => _blocks.Add(new DividerBlock(text));

    /// <summary>Ends the report under <paramref name="title"/>, the facts and notices above its first section.</summary>
    public ReportDocument Finish(string title, IReadOnlyList<string> facts, IReadOnlyList<string> notices)
    {
        Flush();
        return new ReportDocument(
            IsJapanese ? "ja" : "en",
            title,
            facts,
            notices,
            _sections.ToList());
    }

    /// <summary>More Latin letters than Japanese characters: an English sentence that may quote a Japanese name.</summary>
    public static bool IsMostlyEnglish(string text)
    {
        var latin = text.Count(char.IsAsciiLetter);
        var japanese = text.Count(c => c is (>= '\u3040' and <= '\u30ff') or (>= '\u4e00' and <= '\u9fff') or (>= '\uff00' and <= '\uffef'));
        return latin > japanese;
    }

    private void Flush()
    {
        if (_current is { } current)
        {
            _sections.Add(new ReportSection(current.Level, current.Heading, _blocks.ToList()));
        }

        _blocks.Clear();
        _current = null;
    }
}
