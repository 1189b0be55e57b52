using System.Text.Json.Serialization;

namespace Monitor.Collector.Reports;

/// <summary>A piece of a report section. Text is plain: renderers escape it for their format.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ParagraphBlock), "paragraph")]
[JsonDerivedType(typeof(ListBlock), "list")]
[JsonDerivedType(typeof(TableBlock), "table")]
[JsonDerivedType(typeof(ChartBlock), "chart")]
[JsonDerivedType(typeof(ToFillBlock), "toFill")]
[JsonDerivedType(typeof(DividerBlock), "divider")]
public abstract record ReportBlock;

/// <summary>Lines of one paragraph, each on its own line.</summary>
public sealed record ParagraphBlock(IReadOnlyList<string> Lines) : ReportBlock;

/// <summary>A bulleted list; an item may carry a second line of detail.</summary>
public sealed record ListBlock(IReadOnlyList<ListItem> Items) : ReportBlock;

/// <summary>One list item and an optional detail line under it.</summary>
public sealed record ListItem(string Text, string? Detail = null);

/// <summary>A table; numeric columns are right-aligned.</summary>
public sealed record TableBlock(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<bool> RightAligned) : ReportBlock;

/// <summary>Affected users over time, drawn as a step chart.</summary>
/// <param name="Caption">What the chart shows.</param>
/// <param name="Points">The count from each time on, in time order.</param>
/// <param name="Start">Left edge: the onset.</param>
/// <param name="End">Right edge: the recovery, or the time of the view while it goes on.</param>
public sealed record ChartBlock(string Caption, IReadOnlyList<ChartPoint> Points, DateTimeOffset Start, DateTimeOffset End) : ReportBlock;

/// <summary>One point of a chart: from <paramref name="Time"/> on, <paramref name="Users"/> users.</summary>
public sealed record ChartPoint(DateTimeOffset Time, long Users);

/// <summary>What only a person can write, clearly marked as still to be written.</summary>
public sealed record ToFillBlock(string Text) : ReportBlock;

/// <summary>A divider between events, as MIC's example draws "-----サービスの復旧-----".</summary>
public sealed record DividerBlock(string Text) : ReportBlock;
