namespace Monitor.EndToEnd.Tests.StockAlerts;

/// <summary>How `promtool test rules` output is read into the alerts that fired.</summary>
public sealed class PromtoolOutputTests
{
    [Fact]
    public void Parse_PromtoolFailureOutput_ReadsEachFiringAlertAtItsTime()
    {
        const string text = """
            Unit Testing:  test.yml
              FAILED:
                alertname: Lat, time: 2m,
                    exp:[],
                    got:[
                        0:
                          Labels:{alertname="Lat", controller="ctl-a"}
                          Annotations:{}
                        ]
                alertname: Down, time: 1d2h5m,
                    exp:[],
                    got:[
                        0:
                          Labels:{alertname="Down", job="a, \"b\"", severity="page"}
                          Annotations:{summary="a down"}
                        1:
                          Labels:{alertname="Down", job="c", severity="page"}
                          Annotations:{summary="c down"}
                        ]
            """;

        var parsed = PromtoolOutput.Parse(text);

        Assert.Empty(parsed.Unexplained);
        Assert.Equal(
            [(TimeSpan.FromMinutes(2), "Lat"), (new TimeSpan(1, 2, 5, 0), "Down"), (new TimeSpan(1, 2, 5, 0), "Down")],
            parsed.Firing.Select(f => (f.At, f.Alert.Name)));
        Assert.Equal("page", parsed.Firing[1].Alert.Severity);
        Assert.Equal("Down//", parsed.Firing[1].Alert.Group);
    }

    [Fact]
    public void Parse_LinePromtoolWasNotExpectedToPrint_IsReported()
    {
        var parsed = PromtoolOutput.Parse("Unit Testing:  x.yml\n  FAILED:\n1:3: parse error: unexpected identifier \"NaNx2\" in series values\n");

        Assert.Empty(parsed.Firing);
        Assert.Equal(["1:3: parse error: unexpected identifier \"NaNx2\" in series values"], parsed.Unexplained);
    }
}
