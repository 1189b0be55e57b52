using Monitor.Core.Findings;
using Monitor.Core.Incidents;
using Monitor.Core.Pipeline;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Pipeline;

/// <summary>
/// NaN, +Inf and -Inf (valid OpenMetrics values, and what a broken exporter serves) must never
/// reach a rule: fed through the whole pipeline among plausible readings of every metric, they
/// make no finding the same readings without them do not make, and no sentence prints them.
/// </summary>
public sealed class NonFiniteSamplesTests
{
    private const int Minutes = 150;

    private static readonly double[] NonFinite = [double.NaN, double.PositiveInfinity, double.NegativeInfinity];

    private static readonly Dictionary<string, string[]> EntityParts = new(StringComparer.Ordinal)
    {
        ["controller"] = [TestSite.CtlA, TestSite.CtlB],
        ["path"] = [TestSite.PathA, TestSite.PathB],
        ["port"] = ["mail01:host1", "mail01:host2"],
        ["volume"] = [TestSite.Volume],
        ["host"] = [TestSite.Host],
        ["service"] = [TestSite.Service],
        ["function"] = ["pop3", "smtp-in"],
        ["queue"] = ["deferred", "active"],
        ["protocol"] = ["pop3"],
        ["reason"] = ["dns"],
        ["domain"] = ["example.com"],
        ["status"] = ["deferred"],
        ["device"] = ["mail01/sdc"],
        ["drive"] = ["drive-0"],
        ["storage"] = ["storage-0"],
        ["rport"] = ["mail01:rport-0"],
    };

    // A plausible, quiet reading of each metric, by what its name says it is.
    private static double Healthy(MetricDefinition metric, int minute)
    {
        var name = metric.Name;
        var wobble = 1 + (0.01 * (minute % 5));
        return name switch
        {
            _ when name.EndsWith("_up", StringComparison.Ordinal) || name.EndsWith("_success", StringComparison.Ordinal) => 1,
            _ when name.Contains("health", StringComparison.Ordinal) => 0,
            _ when name.EndsWith("_dbm", StringComparison.Ordinal) => -3 * wobble,
            _ when name.Contains("iops", StringComparison.Ordinal) && !name.Contains("optimal", StringComparison.Ordinal) => 20_000 * wobble,
            _ when name.Contains("optimal_iops", StringComparison.Ordinal) => 40_000,
            _ when name.Contains("throughput", StringComparison.Ordinal) || name.Contains("bytes_per_second", StringComparison.Ordinal) => 300_000_000 * wobble,
            _ when name.Contains("latency", StringComparison.Ordinal) || name.Contains("await", StringComparison.Ordinal) => 0.003 * wobble,
            _ when name.Contains("media_life", StringComparison.Ordinal) => 0.9,
            _ when name.EndsWith("_ratio", StringComparison.Ordinal) => 0.3 * wobble,
            _ when name == MetricCatalog.FilesystemSizeBytes => 1e12,
            _ when name.Contains("filesystem_free", StringComparison.Ordinal) || name.Contains("filesystem_avail", StringComparison.Ordinal) => 5e11,
            _ when name == MetricCatalog.FilesystemFiles => 1e6,
            _ when name == MetricCatalog.FilesystemFilesFree => 5e5,
            _ when name.Contains("speed", StringComparison.Ordinal) => 16e9,
            _ when name.Contains("mean_io_size", StringComparison.Ordinal) => 8192,
            _ when name.Contains("multipath_paths", StringComparison.Ordinal) || name.Contains("active_paths", StringComparison.Ordinal) => 2,
            _ when name.Contains("io_requests", StringComparison.Ordinal) || name.Contains("successes", StringComparison.Ordinal) => 100 * wobble,
            _ when name.Contains("duration", StringComparison.Ordinal) => 0.05 * wobble,
            _ when name.Contains("queue_depth", StringComparison.Ordinal) || name.Contains("queue_size", StringComparison.Ordinal) => 2,
            _ when name.Contains("age_seconds", StringComparison.Ordinal) => 60,
            _ when name == MetricCatalog.MailQueueMessages => 5,
            _ when name == MetricCatalog.MailQueueBytes => 50_000,
            _ => 0,
        };
    }

    private static IEnumerable<string> Entities(MetricDefinition metric)
    {
        IEnumerable<string> ids = [""];
        foreach (var label in metric.EntityLabels)
        {
            var parts = EntityParts[label];
            ids = ids.SelectMany(id => parts.Select(p => id.Length == 0 ? p : id + "/" + p)).ToList();
        }

        return ids;
    }

    private static (List<Finding> Findings, int Dropped) Run(bool withNonFinite)
    {
        var pipeline = new DetectionPipeline(TestSite.Cty, new DetectionOptions(), new IncidentLifecycleOptions(), DetectionPipeline.AllRules, "mail01");
        var dropped = 0;
        pipeline.SampleDropped += _ => dropped++;
        pipeline.RuleFailed += failure => Assert.Fail($"{failure.Rule}: {failure.Error}");
        var findings = new List<Finding>();
        for (var minute = 0; minute < Minutes; minute++)
        {
            var now = WindowBuilder.At(minute);
            var i = 0;
            foreach (var metric in MetricCatalog.All.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                foreach (var entity in Entities(metric))
                {
                    // Every metric gets each non-finite value in turn, early and late in the window.
                    var value = withNonFinite && (minute + i) % 7 == 3 ? NonFinite[(minute + i) / 7 % 3] : Healthy(metric, minute);
                    pipeline.Observe(new Sample(now, entity, metric.Name, value));
                    i++;
                }
            }

            findings.AddRange(pipeline.Evaluate(now).Findings);
        }

        return (findings, dropped);
    }

    [Fact]
    public void NonFiniteValues_ThroughTheWholePipeline_MakeNoFindingAndNoSentenceShowsThem()
    {
        var (clean, cleanDropped) = Run(withNonFinite: false);
        var (dirty, dropped) = Run(withNonFinite: true);

        Assert.All(dirty, f =>
        {
            Assert.DoesNotContain("NaN", f.Explanation, StringComparison.Ordinal);
            Assert.DoesNotContain("Infinity", f.Explanation, StringComparison.Ordinal);
            Assert.DoesNotContain("∞", f.Explanation, StringComparison.Ordinal);
        });
        Assert.Equal(
            clean.Select(f => (f.Kind, f.Entity)).Distinct().Order(),
            dirty.Select(f => (f.Kind, f.Entity)).Distinct().Order());
        Assert.Equal(0, cleanDropped);
        Assert.True(dropped > 1000, $"only {dropped} samples dropped");
    }

    [Theory]
    [InlineData(double.NaN, SampleRefusal.NotFinite)]
    [InlineData(double.PositiveInfinity, SampleRefusal.NotFinite)]
    [InlineData(double.NegativeInfinity, SampleRefusal.NotFinite)]
    [InlineData(-1.0, SampleRefusal.Negative)]
    public void Observe_BadValue_IsDroppedWithItsReason(double value, string reason)
    {
        var pipeline = new DetectionPipeline(TestSite.Cty, new DetectionOptions(), new IncidentLifecycleOptions(), DetectionPipeline.AllRules, "mail01");
        var drops = new List<SampleDrop>();
        pipeline.SampleDropped += drops.Add;
        var sample = new Sample(WindowBuilder.At(0), TestSite.CtlA, MetricCatalog.ControllerIops, value);

        Assert.False(pipeline.Observe(sample));

        Assert.Equal(new SampleDrop(sample, reason), Assert.Single(drops));
        Assert.Null(pipeline.Window.Latest(TestSite.CtlA, MetricCatalog.ControllerIops));
    }

    [Fact]
    public void Observe_DuplicateOrEarlierTime_IsDroppedWithItsReason()
    {
        var pipeline = new DetectionPipeline(TestSite.Cty, new DetectionOptions(), new IncidentLifecycleOptions(), DetectionPipeline.AllRules, "mail01");
        var drops = new List<SampleDrop>();
        pipeline.SampleDropped += drops.Add;

        Assert.True(pipeline.Observe(new Sample(WindowBuilder.At(5), TestSite.CtlA, MetricCatalog.ControllerIops, 100)));
        Assert.False(pipeline.Observe(new Sample(WindowBuilder.At(5), TestSite.CtlA, MetricCatalog.ControllerIops, 999)));
        Assert.False(pipeline.Observe(new Sample(WindowBuilder.At(4), TestSite.CtlA, MetricCatalog.ControllerIops, 90)));
        Assert.True(pipeline.Observe(new Sample(WindowBuilder.At(5), TestSite.CtlA, MetricCatalog.ControllerLatency, 0.002)));

        Assert.Equal([SampleRefusal.DuplicateTime, SampleRefusal.OutOfOrder], drops.Select(d => d.Reason));
        Assert.Equal(100, pipeline.Window.Latest(TestSite.CtlA, MetricCatalog.ControllerIops)?.Value);
    }

    [Fact]
    public void Evaluate_RuleWritingANonFiniteFigure_LosesThatFindingAndIsReported()
    {
        var pipeline = new DetectionPipeline(TestSite.Cty, new DetectionOptions(), new IncidentLifecycleOptions(), [new NonFiniteSentence()], "mail01");
        var failures = new List<RuleFailure>();
        pipeline.RuleFailed += failures.Add;

        var result = pipeline.Evaluate(WindowBuilder.At(0));

        Assert.Equal(TestSite.CtlB, Assert.Single(result.Findings).Entity);
        Assert.Contains("NaN", Assert.Single(failures).Error.Message, StringComparison.Ordinal);
    }

    private sealed class NonFiniteSentence : IRule
    {
        public string Name => "non-finite-sentence";

        public IEnumerable<Finding> Evaluate(RuleContext context)
        {
            yield return new Finding(TestSite.CtlA, FindingKinds.SmallIoShift, Name, $"now serves {double.NaN * 100}% more operations", context.Now, [], "test");
            yield return new Finding(TestSite.CtlB, FindingKinds.SmallIoShift, Name, "now serves 50% more operations", context.Now, [], "test");
        }
    }
}
