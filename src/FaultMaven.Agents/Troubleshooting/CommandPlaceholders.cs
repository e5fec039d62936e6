using System.Text.RegularExpressions;
using FaultMaven.Agents.Knowledge;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>
/// Fills a command's <c>&lt;placeholder&gt;</c>s with values the evidence shows (<c>&lt;port&gt;</c> → 5432 when the
/// decisive line connects to <c>…:5432</c>), looking at the evidence lines strongest first. A placeholder the evidence
/// says nothing about stays as written, for the engineer to fill.
/// </summary>
public static partial class CommandPlaceholders
{
    /// <summary>Each placeholder and the shapes of text its value is taken from (group <c>v</c>); rules for kinds of
    /// lines (host:port, key=value, kubelet's pod references, systemd unit names), not for particular logs.</summary>
    private static readonly (string Placeholder, Regex Value)[] Extractors =
    [
        ("<port>", PortValue()),
        ("<pid>", PidValue()),
        ("<ns>", NamespaceValue()),
        ("<pod>", PodValue()),
        ("<unit>", UnitValue()),
        ("<host>", HostValue()),
        ("<container>", ContainerValue()),
    ];

    /// <param name="evidence">Texts of the evidence lines, the most decisive first.</param>
    public static DiagnosticCommand Fill(DiagnosticCommand command, IReadOnlyList<string> evidence)
    {
        var run = command.Run;
        foreach (var (placeholder, value) in Extractors.Where(extractor => command.Run.Contains(extractor.Placeholder, StringComparison.Ordinal)))
        {
            if (evidence.Select(text => value.Match(text)).FirstOrDefault(match => match.Success) is { } found)
            {
                run = run.Replace(placeholder, found.Groups["v"].Value, StringComparison.Ordinal);
            }
        }

        return command with { Run = run };
    }

    [GeneratedRegex(@"(?:\bport[ =:]+|(?:\b[a-z][\w-]*(?:\.[\w-]+)*|\b\d{1,3}(?:\.\d{1,3}){3}|\])(?<!\.(?:java|kt|scala|go|py|js|mjs|cjs|ts|cs|rb|rs|c|h|cpp)):)(?<v>\d{2,5})\b(?![:.]\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PortValue();

    [GeneratedRegex(@"(?:\bpid[ =:]+|\bprocess |\bPID |\[)(?<v>\d{2,7})(?:\]|[ ,)]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex PidValue();

    [GeneratedRegex(@"(?:\bnamespace[ =:]+""?|\bpod=""|system:serviceaccount:|\bin the namespace "")(?<v>[a-z0-9][a-z0-9-]*)\b|\bin pod [\w.-]+_(?<v>[a-z0-9-]+)\(", RegexOptions.CultureInvariant)]
    private static partial Regex NamespaceValue();

    [GeneratedRegex(@"\bpod=""(?:[a-z0-9-]+/)?(?<v>[a-z0-9][a-z0-9.-]*)""|\bin pod (?<v>[a-z0-9][a-z0-9.-]*)_|\bpod[/ ](?<v>[a-z0-9][a-z0-9.-]*-[a-z0-9]{5})\b", RegexOptions.CultureInvariant)]
    private static partial Regex PodValue();

    [GeneratedRegex(@"\b(?<v>[\w@.-]+\.(?:service|socket|timer|mount))\b", RegexOptions.CultureInvariant)]
    private static partial Regex UnitValue();

    [GeneratedRegex(@"(?:\bhost[ =:]+""?|\blookup |UnknownHostException: |\bconnecting to |\bresolve host:? )(?<v>[a-z][\w-]*(?:\.[\w-]+)+|\d{1,3}(?:\.\d{1,3}){3})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostValue();

    [GeneratedRegex(@"\bcontainer[ =:]+""?(?!(?:image|runtime|id)\b)(?<v>[a-z0-9][a-z0-9-]*)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContainerValue();
}
