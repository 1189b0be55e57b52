using Monitor.Agent.Sources.Storage;

namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>The strict reader of the Prometheus text format 0.0.4.</summary>
public sealed class ExpositionParserTests
{
    [Fact]
    public void Parse_EscapesTimestampsSpecialValuesAndBlankLines_ReadsEachSeries()
    {
        const string text = "# HELP x_total A counter.\n# TYPE x_total counter\n\n"
            + "x_total{path=\"C:\\\\mail\",note=\"say \\\"hi\\\"\\n\",} 1.5e3 1700000000000\n"
            + "up NaN\n"
            + "temp{zone=\"a\"} -Inf\n"
            + "  spaced { a = \"b\" }\t+Inf\n";

        var series = ExpositionParser.Parse(text, "test");

        Assert.Equal(4, series.Count);
        Assert.Equal(("x_total", 1500.0, 4), (series[0].Name, series[0].Value, series[0].Line));
        Assert.Equal("C:\\mail", series[0].Label("path"));
        Assert.Equal("say \"hi\"\n", series[0].Label("note"));
        Assert.True(double.IsNaN(series[1].Value));
        Assert.Equal(double.NegativeInfinity, series[2].Value);
        Assert.Equal(("spaced", "b", double.PositiveInfinity), (series[3].Name, series[3].Label("a"), series[3].Value));
        Assert.Equal("", series[3].Label("absent"));
    }

    [Theory]
    [InlineData("a{b=\"c} 1\n", "test line 1: a: the value of label b is not closed (missing '\"')")]
    [InlineData("a{b=c} 1\n", "test line 1: a: expected '\"' to open the value of label b")]
    [InlineData("a{b=\"c\" d=\"e\"} 1\n", "test line 1: a: expected ',' or '}' after label b")]
    [InlineData("a{b=\"c\",b=\"d\"} 1\n", "test line 1: a: label b is given twice")]
    [InlineData("a{b=\"\\t\"} 1\n", "test line 1: a: label b has an unknown escape '\\t' (expected \\\\, \\\" or \\n)")]
    [InlineData("a\n", "test line 1: a: no value")]
    [InlineData("a 1 2 3\n", "test line 1: a: expected a value and an optional timestamp, found '1 2 3'")]
    [InlineData("a 1 soon\n", "test line 1: a: timestamp 'soon' is not a whole number of milliseconds")]
    [InlineData("9a 1\n", "test line 1: expected a metric name at the start of '9a 1'")]
    [InlineData("ok 1\nok 2\n", "test line 2: series ok{} is written twice (first at line 1)")]
    [InlineData("# TYPE a thing\n", "test line 1: TYPE line needs a metric name and one of counter, gauge, histogram, summary, untyped")]
    [InlineData("ok 1\nok2 2", "test line 2: the exposition ends without a line feed: it was cut short")]
    public void Parse_BadLine_FailsNamingTheLine(string text, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => ExpositionParser.Parse(text, "test"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_SameNameWithOtherLabels_AreDistinctSeries()
    {
        var series = ExpositionParser.Parse("a{x=\"1\",y=\"2\"} 1\na{y=\"2\",x=\"2\"} 2\n", "test");

        Assert.Equal(["a{x=\"1\",y=\"2\"}", "a{x=\"2\",y=\"2\"}"], series.Select(s => s.Key));
    }
}
