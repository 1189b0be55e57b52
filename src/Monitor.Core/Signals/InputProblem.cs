namespace Monitor.Core.Signals;

/// <summary>
/// Something wrong in an input (a scenario file, a config file, a source's output), located
/// precisely enough that a person can open the file and fix it. The rest of the input is still used.
/// </summary>
/// <param name="Source">File or source name, e.g. "config/scenarios/cty-2017/metrics.om".</param>
/// <param name="Line">1-based line number, or 0 when the problem is not tied to a line.</param>
/// <param name="Message">What is wrong and what was expected.</param>
public sealed record InputProblem(string Source, int Line, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Line > 0 ? $"{Source}:{Line}: {Message}" : $"{Source}: {Message}";
}
