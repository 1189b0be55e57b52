using Monitor.Agent.Sources.Storage;

namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>/proc/diskstats lines of every kernel generation, from real captures.</summary>
public sealed class DiskStatsParserTests
{
    private sealed record Line(int Major, int Minor, string Name, ulong[] Counters);

    private static List<Line> ParseFixture(string tree)
    {
        var path = Path.Combine(tree, "proc", "diskstats");
        return ReadAll(File.ReadAllText(path), path);
    }

    private static List<Line> ReadAll(string text, string place)
    {
        var lines = new List<Line>();
        Span<ulong> counters = stackalloc ulong[DiskStatsParser.MaxCounters];
        var reading = new DiskStatsLines(text, place, counters);
        while (reading.MoveNext())
        {
            lines.Add(new Line(reading.Major, reading.Minor, reading.Name.ToString(), reading.Counters.ToArray()));
        }

        return lines;
    }

    // The line as the file's line <paramref name="number"/>: the blank lines before it are skipped but counted.
    private static Line ParseLine(string text, string place, int number) =>
        ReadAll(new string('\n', number - 1) + text, place).Single();

    [Theory]
    [InlineData("node_exporter", 46, 3, 2)]
    [InlineData("prometheus-procfs/fixtures", 46, 3, 3)]
    public void Parse_RealCaptures_ReadsAllThreeLineLengths(string tree, int eleven, int fifteen, int seventeen)
    {
        var lines = ParseFixture(Path.Combine(SysfsTree.Fixtures, tree));

        Assert.Equal(eleven, lines.Count(l => l.Counters.Length == 11));
        Assert.Equal(fifteen, lines.Count(l => l.Counters.Length == 15));
        Assert.Equal(seventeen, lines.Count(l => l.Counters.Length == 17));
    }

    [Fact]
    public void Parse_NodeExporterCapture_ReadsEachFieldInKernelOrder()
    {
        var lines = ParseFixture(SysfsTree.NodeExporterFixture);

        // "8 32 sdc 126552 141 1657779 14 11822 1895 172905 1007 0 10730 17070 18851 0 125173784 11130 1555 1944"
        var sdc = lines.Single(l => l.Name == "sdc");
        Assert.Equal((8, 32), (sdc.Major, sdc.Minor));
        Assert.Equal(126552UL, sdc.Counters[DiskStatsParser.ReadsCompleted]);
        Assert.Equal(1657779UL, sdc.Counters[DiskStatsParser.SectorsRead]);
        Assert.Equal(11822UL, sdc.Counters[DiskStatsParser.WritesCompleted]);
        Assert.Equal(172905UL, sdc.Counters[DiskStatsParser.SectorsWritten]);
        Assert.Equal(10730UL, sdc.Counters[DiskStatsParser.TimeBusy]);
        Assert.Equal(17070UL, sdc.Counters[DiskStatsParser.WeightedTime]);
        Assert.Equal(1944UL, sdc.Counters[16]);
        var vda = lines.Single(l => l.Name == "vda");
        Assert.Equal(2077872228UL, vda.Counters[DiskStatsParser.WeightedTime]);
    }

    [Fact]
    public void ParseLine_TruncatedLine_NamesFileLineAndExpectedLengths()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            ParseLine("   8 0 sda 25354637 34367663 1003346126", "/tree/proc/diskstats", 3));

        Assert.Equal(
            "/tree/proc/diskstats line 3: 6 fields, expected 14, 18 or 20 (major, minor, name and 11, 15 or 17 counters): '8 0 sda 25354637 34367663 1003346126'",
            error.Message);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(19)]
    public void ParseLine_LineCutBetweenKernelLengths_IsRejected(int fields)
    {
        var text = "8 0 sda " + string.Join(' ', Enumerable.Repeat("1", fields - 3));

        var error = Assert.Throws<InvalidDataException>(() => ParseLine(text, "diskstats", 1));

        Assert.Contains($"{fields} fields", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseLine_GarbageCounter_NamesDeviceFieldAndValue()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            ParseLine("8 0 sda 1 2 x3 4 5 6 7 8 0 9 10", "/tree/proc/diskstats", 7));

        Assert.Equal("/tree/proc/diskstats line 7 (sda): field 6 (sectors read) = 'x3' is not a whole number", error.Message);
    }

    [Fact]
    public void ParseLine_NegativeCounter_IsRejected()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            ParseLine("8 0 sda 1 2 3 4 -5 6 7 8 0 9 10", "diskstats", 1));

        Assert.Contains("field 8 (writes completed) = '-5'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseLine_FieldsAppendedByALaterKernel_AreIgnored()
    {
        var line = ParseLine("8 0 sda " + string.Join(' ', Enumerable.Range(1, 19)), "diskstats", 1);

        Assert.Equal(17, line.Counters.Length);
        Assert.Equal(17UL, line.Counters[16]);
    }
}
