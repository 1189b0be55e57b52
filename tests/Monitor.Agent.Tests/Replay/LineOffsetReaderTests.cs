using System.Text;
using Monitor.Agent.Replay;

namespace Monitor.Agent.Tests.Replay;

public sealed class LineOffsetReaderTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public void ReadLine_AnyBufferSize_SplitsAsStreamReaderAndEachOffsetLeadsBackToItsLine(int bufferSize)
    {
        using var dir = new TemporaryDirectory();
        var path = dir.File("lines.txt");
        var text = "a\r\nbb\rccc\n\nété 東京 over the buffer\r\r\nlast without end";
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]);
        var expected = new List<string>();
        using (var stream = new StreamReader(path))
        {
            while (stream.ReadLine() is { } line)
            {
                expected.Add(line);
            }
        }

        using var file = File.OpenHandle(path);
        var reader = new LineOffsetReader(file, 0, bufferSize);
        var read = new List<(string Line, long Offset)>();
        while (reader.ReadLine() is { } line)
        {
            read.Add((line, reader.LineOffset));
        }

        Assert.Equal(expected, read.Select(r => r.Line));
        Assert.Equal(expected.Count, reader.LinesRead);
        Assert.All(read, r => Assert.Equal(r.Line, new LineOffsetReader(file, r.Offset, bufferSize).ReadLine()));
        Assert.Equal(3, read[0].Offset);
    }
}
