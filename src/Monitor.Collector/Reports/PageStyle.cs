namespace Monitor.Collector.Reports;

/// <summary>
/// The one style sheet of the pages and the printable report: plain, readable, and on paper
/// without navigation, forms or colours that waste toner.
/// </summary>
public static class PageStyle
{
    /// <summary>The CSS, inlined into each page so a saved page stays whole.</summary>
    public const string Css = """
        :root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --accent: #0b5cad; --alarm: #b42318; --warn: #9a6700; --ok: #1a7f37; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", system-ui, sans-serif; color: var(--ink); line-height: 1.55; font-size: 15px; background: #f6f8fa; }
        header.top { background: #24292f; color: #fff; padding: 10px 24px; display: flex; gap: 24px; align-items: baseline; }
        header.top a { color: #fff; text-decoration: none; font-weight: 600; }
        header.top .where { color: #c9d1d9; font-size: 13px; }
        main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 48px; }
        h1 { font-size: 22px; margin: 8px 0 12px; }
        h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        h3 { font-size: 15px; margin: 18px 0 6px; }
        a { color: var(--accent); }
        table { border-collapse: collapse; width: 100%; background: #fff; margin: 8px 0 12px; }
        th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
        th { background: #eef1f4; font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        .panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
        .panel h2 { margin-top: 0; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
        .badge.critical, .badge.major { color: var(--alarm); }
        .badge.warning, .badge.becomes { color: var(--warn); }
        .badge.info, .badge.resolved, .badge.no { color: var(--muted); }
        .badge.open { color: var(--alarm); }
        .badge.recovering { color: var(--warn); }
        .overdue { color: var(--alarm); font-weight: 600; }
        .unrecorded { color: var(--muted); font-style: italic; }
        #regulation span.en { color: var(--muted); font-size: 0.9em; }
        .due { color: var(--warn); }
        .done { color: var(--ok); }
        .muted { color: var(--muted); }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; }
        form.action { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 6px 0; }
        form.action input[type=text], form.action select { padding: 5px 8px; border: 1px solid var(--line); border-radius: 4px; font: inherit; }
        form.action input.note { flex: 1; min-width: 240px; }
        button { padding: 5px 12px; border: 1px solid #8c959f; border-radius: 4px; background: #f6f8fa; font: inherit; cursor: pointer; }
        button.primary { background: #1f6feb; color: #fff; border-color: #1f6feb; }
        .report { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 24px 24px; }
        .report .facts { color: var(--muted); font-size: 13px; }
        .report .notices { border-left: 4px solid var(--line); padding-left: 12px; color: var(--muted); font-size: 13px; }
        .report .notices p { margin: 2px 0; }
        .report .detail { color: var(--muted); }
        .to-fill { background: #fff8c5; border: 1px dashed #d4a72c; padding: 4px 8px; }
        .divider { text-align: center; color: var(--muted); }
        figure.chart { margin: 8px 0 12px; }
        figure.chart svg { max-width: 100%; height: auto; border: 1px solid var(--line); }
        figcaption { font-size: 13px; color: var(--muted); }
        ol.timeline { padding-left: 20px; }
        ol.timeline li { margin: 2px 0; }
        ol.timeline .who { color: var(--muted); }
        ol.timeline li.person { background: #eef6ff; }
        ol.timeline li.person .who { color: var(--ink); font-weight: 600; }
        nav.exports a { margin-right: 12px; }
        @media print {
          @page { size: A4; margin: 15mm; }
          body { background: #fff; font-size: 11pt; }
          header.top, nav, form, .no-print { display: none !important; }
          main { max-width: none; padding: 0; }
          .report, .panel { border: none; padding: 0; }
          h2 { break-after: avoid; }
          table, figure { break-inside: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        """;
}
