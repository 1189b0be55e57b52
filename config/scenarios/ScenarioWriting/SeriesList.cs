namespace Monitor.Scenarios;

/// <summary>The series a generator fills in, in the order metrics.om lists them.</summary>
/// <param name="sampleCount">Samples per series: every series added has this many values, all 0 to start with.</param>
public sealed class SeriesList(int sampleCount)
{
    /// <summary>The series added so far, in order.</summary>
    public List<Series> All { get; } = [];

    /// <summary>Adds a series and returns its values for the generator to fill.</summary>
    /// <param name="family">The metric name, one of Monitor.Core's MetricCatalog.</param>
    /// <param name="labels">The label text between the braces.</param>
    /// <param name="format">The .NET number format the values are written with.</param>
    public double[] Add(string family, string labels, string format)
    {
        var values = new double[sampleCount];
        All.Add(new Series(family, labels, values, format));
        return values;
    }
}
