using Monitor.Core.Pipeline;
using Monitor.Core.Rules;

namespace Monitor.Core.Tests.Pipeline;

/// <summary>A rule written but not listed in <see cref="DetectionPipeline.AllRules"/> would never run, silently.</summary>
public sealed class AllRulesTests
{
    [Fact]
    public void AllRules_HoldsEveryRuleOfCoreOnce()
    {
        var written = typeof(IRule).Assembly.GetTypes()
            .Where(t => typeof(IRule).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(written, DetectionPipeline.AllRules.Select(r => r.GetType().FullName!).Order(StringComparer.Ordinal));
    }
}
