using System.Globalization;
using System.Net;
using System.Text;

namespace Monitor.Collector.Reports;

/// <summary>
/// Affected users over time as a step chart in SVG, drawn on the server so the page and the
/// printout need no script: a count holds until the next point, as the agent measured it.
/// </summary>
public static class UsersChartSvg
{
    private const int Width = 720;
    private const int Height = 260;
    private const int Left = 80;
    private const int Right = 20;
    private const int Top = 20;
    private const int Bottom = 40;

    /// <summary>The SVG document of <paramref name="chart"/>, local times in <paramref name="timeZone"/>.</summary>
    public static string Render(ChartBlock chart, TimeZoneInfo timeZone)
    {
        var start = chart.Start;
        var end = chart.End > start ? chart.End : start.AddMinutes(1);
        var maxUsers = Math.Max(1, chart.Points.Count == 0 ? 1 : chart.Points.Max(p => p.Users));
        var top = NiceCeiling(maxUsers);
        double X(DateTimeOffset t) => Left + ((Width - Left - Right) * Math.Clamp((t - start) / (end - start), 0, 1));
        double Y(long users) => Top + ((Height - Top - Bottom) * (1 - ((double)users / top)));

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" class=\"users-chart\">"));
        svg.Append(Invariant($"<title>{WebUtility.HtmlEncode(chart.Caption)}</title>"));
        svg.Append(Invariant($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>"));

        // Horizontal grid with the user counts.
        for (var step = 0; step <= 4; step++)
        {
            var users = top * step / 4;
            var y = Y(users);
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\" stroke=\"#dddddd\" stroke-width=\"1\"/>"));
            svg.Append(Invariant($"<text x=\"{Left - 8}\" y=\"{y + 4:0.#}\" font-size=\"12\" text-anchor=\"end\" fill=\"#333333\">{users.ToString("N0", CultureInfo.InvariantCulture)}</text>"));
        }

        // Time axis: start, end and up to four ticks between.
        for (var step = 0; step <= 4; step++)
        {
            var time = start + ((end - start) * step / 4);
            var x = X(time);
            var local = TimeZoneInfo.ConvertTime(time, timeZone);
            svg.Append(Invariant($"<line x1=\"{x:0.#}\" y1=\"{Height - Bottom}\" x2=\"{x:0.#}\" y2=\"{Height - Bottom + 5}\" stroke=\"#333333\"/>"));
            svg.Append(Invariant($"<text x=\"{x:0.#}\" y=\"{Height - Bottom + 20}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#333333\">{local:HH:mm}</text>"));
        }

        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#333333\"/>"));
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#333333\"/>"));

        // The step line, from 0 at the onset. Points that fall in one pixel column draw as one
        // vertical stroke (highest, lowest, last), so a series at the limit draws in about 3 × Width steps.
        var path = new StringBuilder(Invariant($"M{X(start):0.#},{Y(0):0.#}"));
        long current = 0;
        var column = double.NaN;
        long low = 0, high = 0;
        foreach (var point in chart.Points.Where(p => p.Time >= start).OrderBy(p => p.Time))
        {
            var x = Math.Round(X(point.Time));
            if (x != column)
            {
                if (!double.IsNaN(column))
                {
                    if (!double.IsNaN(column))
                    {
                        Stroke(path, low, high, current, Y);
                    }
                }

                path.Append(Invariant($" H{X(point.Time):0.#}"));
                column = x;
                low = high = point.Users;
            }

            low = Math.Min(low, point.Users);
            high = Math.Max(high, point.Users);
            current = point.Users;
        }

        if (!double.IsNaN(column))
        {
            Stroke(path, low, high, current, Y);
        }

        path.Append(Invariant($" H{X(end):0.#}"));
        svg.Append(Invariant($"<path d=\"{path}\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2.5\"/>"));
        svg.Append(Invariant($"<text x=\"{Width - Right}\" y=\"{Top - 6}\" font-size=\"12\" text-anchor=\"end\" fill=\"#333333\">max {maxUsers.ToString("N0", CultureInfo.InvariantCulture)} / now {current.ToString("N0", CultureInfo.InvariantCulture)}</text>"));
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The vertical stroke of one pixel column: to its highest and lowest value, ending at its last.</summary>
    private static void Stroke(StringBuilder path, long low, long high, long last, Func<long, double> y)
    {
        if (high != last)
        {
            path.Append(Invariant($" V{y(high):0.#}"));
        }

        if (low != last && low != high)
        {
            path.Append(Invariant($" V{y(low):0.#}"));
        }

        path.Append(Invariant($" V{y(last):0.#}"));
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="value"/>: a readable top for the axis.</summary>
    private static long NiceCeiling(long value)
    {
        long magnitude = 1;
        while (magnitude * 10 <= value)
        {
            magnitude *= 10;
        }

        foreach (var factor in new long[] { 1, 2, 5, 10 })
        {
            if (factor * magnitude >= value)
            {
                return factor * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
