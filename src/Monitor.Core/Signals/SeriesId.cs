namespace Monitor.Core.Signals;

/// <summary>
/// A series of the window by number: the entity and metric names are looked up once, when the
/// series first appears, not at every sample.
/// </summary>
/// <param name="Index">Position of the series in the window.</param>
public readonly record struct SeriesId(int Index);
