using Monitor.Core.Pipeline;

namespace Monitor.Agent.Detection;

/// <summary>Sees every evaluation: the replay's console timeline is one.</summary>
public interface IDetectionObserver
{
    /// <summary>Called after each evaluation, on the detection worker's thread.</summary>
    void Evaluated(EvaluationResult result);
}
