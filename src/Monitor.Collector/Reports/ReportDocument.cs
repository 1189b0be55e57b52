namespace Monitor.Collector.Reports;

/// <summary>
/// The draft report as structure: sections of blocks, in one language. The Markdown, HTML and
/// JSON exports render the same document, so they never disagree.
/// </summary>
/// <param name="Language">"ja" or "en".</param>
/// <param name="Title">The first heading.</param>
/// <param name="Facts">Short facts under the title: incident id, revision, state, when made.</param>
/// <param name="Notices">What the reader must know first: a draft, estimates, places to fill.</param>
/// <param name="Sections">The sections, in the order of MIC's example (seed 003).</param>
public sealed record ReportDocument(
    string Language,
    string Title,
    IReadOnlyList<string> Facts,
    IReadOnlyList<string> Notices,
    IReadOnlyList<ReportSection> Sections);

/// <summary>A section of the report.</summary>
/// <param name="Level">1 for a main section, 2 for a sub-section.</param>
/// <param name="Heading">Its heading, worded as in MIC's example.</param>
/// <param name="Blocks">Its content.</param>
public sealed record ReportSection(int Level, string Heading, IReadOnlyList<ReportBlock> Blocks);
