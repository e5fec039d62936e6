using FaultMaven.Agents.Reasoning;
using FaultMaven.Agents.Routing;
using FaultMaven.Contracts;

namespace FaultMaven.Agents.Tests.Reasoning;

public sealed class ReasoningContextTests
{
    [Fact]
    public void Findings_and_similar_incidents_with_their_resolutions_are_numbered_as_citable_evidence()
    {
        var finding = new Finding(
            "fnd-1", "error-burst", Severity.Error, "app.log", "checkout", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(1),
            "ERROR burst in checkout", 42, 1.5, 9.1, null, ["Back-off restarting failed container <*>"], ["Back-off restarting failed container api"], []);
        SimilarIncident[] similar = [new("inc-7", "checkout crash loop after deploy", 0.91, "rolled back to v41"), new("inc-9", "api OOM", 0.6, null)];

        var context = ReasoningContext.From("why does checkout restart?", [], [finding], similar);

        Assert.Equal(
            [("F1", GivenEvidenceKind.Finding, "fnd-1"), ("I1", GivenEvidenceKind.Incident, "inc-7"), ("I2", GivenEvidenceKind.Incident, "inc-9")],
            context.Evidence.Select(given => (given.Id, given.Kind, given.Reference)));
        Assert.Contains("[F1] ERROR burst in checkout (error-burst, Error, 42 lines); example: Back-off restarting failed container api", context.Prompt);
        Assert.Contains("[I1] checkout crash loop after deploy (similarity 0.91); resolution: rolled back to v41", context.Prompt);
        Assert.Contains("[I2] api OOM (similarity 0.60); resolution: not resolved yet", context.Prompt);
        Assert.StartsWith("Question: why does checkout restart?", context.Prompt);
    }
}
