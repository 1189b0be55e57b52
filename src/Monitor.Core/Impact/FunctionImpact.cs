namespace Monitor.Core.Impact;

/// <summary>How one function of one service fared during an incident.</summary>
/// <param name="Service">Service id.</param>
/// <param name="ServiceName">Service name as users know it.</param>
/// <param name="Function">Function, e.g. "pop3".</param>
/// <param name="Level">How hard it was hit.</param>
/// <param name="Category">Regulatory category of the service.</param>
public sealed record FunctionImpact(string Service, string ServiceName, string Function, ImpactLevel Level, int Category);
