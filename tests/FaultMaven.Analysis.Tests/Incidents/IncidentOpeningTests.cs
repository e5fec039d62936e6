using FaultMaven.Analysis.Anomaly.Streaming;
using FaultMaven.Analysis.Detection;
using FaultMaven.Analysis.Incidents;
using FaultMaven.Contracts;

namespace FaultMaven.Analysis.Tests.Incidents;

public class IncidentOpeningTests
{
    [Theory]
    [InlineData(Severity.Unknown, false)]
    [InlineData(Severity.Debug, false)]
    [InlineData(Severity.Info, false)]
    [InlineData(Severity.Warn, true)]
    [InlineData(Severity.Error, true)]
    [InlineData(Severity.Fatal, true)]
    public void By_default_a_finding_opens_an_incident_from_warn_up_whatever_its_kind(Severity severity, bool opens)
    {
        Assert.All(FindingKinds.All, kind => Assert.Equal(opens, IncidentOpening.Default.MayOpen(Finding(kind, severity))));
    }

    [Fact]
    public void A_kind_with_its_own_opening_severity_follows_it_and_the_other_kinds_the_general_one()
    {
        var opening = new IncidentOpening(Severity.Warn, new Dictionary<string, Severity> { [RateChangeDetector.Kind] = Severity.Error, [FindingKinds.Alert] = Severity.Info });

        Assert.False(opening.MayOpen(Finding(RateChangeDetector.Kind, Severity.Warn)));
        Assert.True(opening.MayOpen(Finding(RateChangeDetector.Kind, Severity.Error)));
        Assert.True(opening.MayOpen(Finding(FindingKinds.Alert, Severity.Info)));
        Assert.False(opening.MayOpen(Finding(SilenceDetector.Kind, Severity.Info)));
        Assert.True(opening.MayOpen(Finding(SilenceDetector.Kind, Severity.Warn)));
    }

    [Fact]
    public void Every_lets_any_finding_open_an_incident()
    {
        Assert.True(IncidentOpening.Every.MayOpen(Finding(RateChangeDetector.Kind, Severity.Unknown)));
        Assert.True(IncidentOpening.Every.MayOpen(Finding(RareTemplateBurstDetector.Kind, Severity.Info)));
    }

    private static Finding Finding(string kind, Severity severity) =>
        new("f", kind, severity, "orders", null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "t", 1, null, 1, null, [], [], []);
}
