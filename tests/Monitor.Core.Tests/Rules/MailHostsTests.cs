using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

/// <summary>The sums by time a mail rule judges a service's own mail on a shared host by.</summary>
public sealed class MailHostsTests
{
    private const string Host = TestSite.Host;
    private const string Cty = SharedMxSite.CtyDomain;
    private const string Other = SharedMxSite.OtherDomain;

    [Fact]
    public void OwnLast_IntoABuffer_SumsTheServicesOwnSeriesByTime()
    {
        var window = new WindowBuilder()
            .Series($"{Host}/{Cty}/store_full", MetricCatalog.MailDeliveryDeferred, 1, 2, 3, 4)
            .SeriesFrom(2, $"{Host}/{Cty}/unknown_user", MetricCatalog.MailDeliveryBounced, 0.5, 0.5)
            .Series($"{Host}/{Other}/store_full", MetricCatalog.MailDeliveryDeferred, 100, 100, 100, 100);
        var context = window.Context(topology: SharedMxSite.Site);
        var cty = SharedMxSite.Site.Services.Single(s => s.Id == TestSite.Service);
        Span<TimedValue> buffer = stackalloc TimedValue[3];

        var written = MailHosts.OwnLast(context, Host, cty, MailHosts.DeliveryMetrics, MailHosts.DeliveryReasons, 3, buffer);

        Assert.Equal([(WindowBuilder.At(1), 2.0), (WindowBuilder.At(2), 3.5), (WindowBuilder.At(3), 4.5)], buffer[..written].ToArray().Select(p => (p.Time, p.Value)));
        Assert.Equal(MailHosts.OwnLast(context, Host, cty, MailHosts.DeliveryMetrics, MailHosts.DeliveryReasons, 3), buffer[..written].ToArray());
    }

    [Fact]
    public void OwnLast_NoSeriesOfTheService_WritesNothing()
    {
        var window = new WindowBuilder().Series($"{Host}/{Other}/store_full", MetricCatalog.MailDeliveryDeferred, 1, 2);
        var cty = SharedMxSite.Site.Services.Single(s => s.Id == TestSite.Service);

        Assert.Equal(0, MailHosts.OwnLast(window.Context(topology: SharedMxSite.Site), Host, cty, MailHosts.DeliveryMetrics, MailHosts.DeliveryReasons, 3, new TimedValue[3]));
    }
}
