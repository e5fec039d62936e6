using FaultMaven.Analysis.Detection;
using FaultMaven.Analysis.Incidents;
using FaultMaven.Contracts;
using Microsoft.Extensions.Options;

namespace FaultMaven.Storage;

/// <summary>
/// Which findings open an incident (<see cref="IncidentOpening"/>); bound from configuration section
/// <c>FaultMaven:Incidents</c> by every service that files findings (the worker and the API), validated at start.
/// </summary>
public sealed class IncidentOptions
{
    public const string SectionName = "FaultMaven:Incidents";

    /// <summary>
    /// The least severity of a finding that opens an incident, by name (<c>warn</c>, <c>error</c>, …; <c>unknown</c>
    /// lets every finding open one). Environment variable <c>FAULTMAVEN__INCIDENTS__OPENINGSEVERITY</c>.
    /// </summary>
    public string OpeningSeverity { get; set; } = SeverityNames.Of(IncidentOpening.DefaultOpeningSeverity);

    /// <summary>
    /// The least severity by finding kind where it differs from <see cref="OpeningSeverity"/>, e.g.
    /// <c>"session-anomaly": "error"</c>; keys are kinds (<see cref="FindingKinds.All"/>, any case).
    /// </summary>
    public Dictionary<string, string> OpeningSeverityByKind { get; set; } = [];

    /// <summary>One message per bad value, naming its full key.</summary>
    public IEnumerable<string> Problems()
    {
        if (!SeverityNames.TryParse(OpeningSeverity, out _))
        {
            yield return $"{SectionName}:{nameof(OpeningSeverity)} '{OpeningSeverity}' is not a severity; use one of {SeverityNames.Listed}";
        }

        foreach (var (kind, severity) in OpeningSeverityByKind)
        {
            var key = $"{SectionName}:{nameof(OpeningSeverityByKind)}:{kind}";
            if (KindNamed(kind) is null)
            {
                yield return $"{key}: '{kind}' is not a finding kind; use one of {string.Join(", ", FindingKinds.All)}";
            }

            if (!SeverityNames.TryParse(severity, out _))
            {
                yield return $"{key} '{severity}' is not a severity; use one of {SeverityNames.Listed}";
            }
        }
    }

    /// <summary>The rule these options set; call after <see cref="Problems"/> found none.</summary>
    /// <exception cref="InvalidOperationException">A value is not valid.</exception>
    public IncidentOpening Opening() => Problems().FirstOrDefault() is { } problem
        ? throw new InvalidOperationException(problem)
        : new IncidentOpening(
            Parse(OpeningSeverity),
            OpeningSeverityByKind.ToDictionary(pair => KindNamed(pair.Key)!, pair => Parse(pair.Value), StringComparer.Ordinal));

    /// <summary>The kind <paramref name="name"/> names in any case (environment variables are often upper case), or null.</summary>
    private static string? KindNamed(string name) => FindingKinds.All.FirstOrDefault(kind => string.Equals(kind, name, StringComparison.OrdinalIgnoreCase));

    /// <remarks>Only for names <see cref="Problems"/> accepted.</remarks>
    private static Severity Parse(string name)
    {
        SeverityNames.TryParse(name, out var severity);
        return severity;
    }
}

internal sealed class IncidentOptionsValidator : IValidateOptions<IncidentOptions>
{
    public ValidateOptionsResult Validate(string? name, IncidentOptions options) =>
        options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
