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
    /// lines (host:port, key=value, kubelet's pod references, systemd unit names, a DNS server as the address the query
    /// went to on port 53, a database or login user named after "user" or "role"), not for particular logs.</summary>
    private static readonly (string Placeholder, Regex Value)[] Extractors =
    [
        ("<port>", PortValue()),
        ("<pid>", PidValue()),
        ("<ns>", NamespaceValue()),
        ("<pod>", PodValue()),
        ("<unit>", UnitValue()),
        ("<host>", HostValue()),
        ("<container>", ContainerValue()),
        ("<resolver>", ResolverValue()),
        ("<user>", UserValue()),
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

    // The server a lookup went to: Go's "lookup X on 10.96.0.10:53", "->10.0.0.2:53" of a UDP read, BIND's "10.0.0.2#53".
    [GeneratedRegex(@"(?:\bon |->|\bto |@|\bserver )(?<v>\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\])(?::53|#53)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ResolverValue();

    // PostgreSQL's 'for user "invoices"', MySQL's "user 'app'@'10.0.0.5'", OpenSSH's "Invalid user admin", "user=app";
    // not the words that follow "user" in prose ("user unknown", "user not found").
    [GeneratedRegex(@"\b(?:user|role|username|login)(?: name)?[ =:]+[""']?(?!(?:unknown|not|from|does|is|was|has|for|with|to|and|or|the|a|an)\b)(?<v>[A-Za-z_][\w.-]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UserValue();
}
