using Monitor.Core.Findings;

namespace Monitor.Core.Rules;

/// <summary>
/// One lesson, as code: looks at the bounded recent past and says what is wrong now. Rules are
/// pure: no network, no clock of their own, no state between evaluations beyond the window.
/// </summary>
public interface IRule
{
    /// <summary>Rule name, as it appears on findings and in config.</summary>
    string Name { get; }

    /// <summary>The findings that hold at <see cref="RuleContext.Now"/>.</summary>
    IEnumerable<Finding> Evaluate(RuleContext context);
}
