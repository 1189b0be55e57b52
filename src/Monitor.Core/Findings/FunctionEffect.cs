namespace Monitor.Core.Findings;

/// <summary>What a kind of finding does to the mail function it is found at.</summary>
public enum FunctionEffect
{
    /// <summary>Nothing a user would notice at the function.</summary>
    None = 0,

    /// <summary>Users still get some service: slow or partly failing.</summary>
    Degrades = 1,

    /// <summary>The function does not work at all.</summary>
    Stops = 2,
}
