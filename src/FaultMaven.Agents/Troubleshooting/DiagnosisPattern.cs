using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using FaultMaven.Agents.Knowledge;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>
/// A root cause's signature or a platform's fingerprint, so that <see cref="DiagnosisScan"/> finds both kinds' candidates
/// for a line with one literal search instead of one per kind (each search reads the whole line; the two were a fifth of
/// <c>fm analyze</c>'s CPU on HDFS).
/// </summary>
/// <param name="Owner">The position of the signature's root cause, or of the fingerprint's platform, in the knowledge base.</param>
internal readonly record struct DiagnosisPattern(int Owner, Signature? Signature, Regex? Fingerprint)
{
    private static readonly ConditionalWeakTable<KnowledgeBase, LiteralPrefilter<DiagnosisPattern>> Built = [];

    /// <summary>
    /// Every signature in <see cref="SignaturePrefilter.For"/>'s order, then every fingerprint in
    /// <see cref="PlatformDetector"/>'s, each with the literals of its own prefilter: the candidates of each kind are the
    /// ones its own prefilter returns, in the same order. Built once per knowledge base.
    /// </summary>
    public static LiteralPrefilter<DiagnosisPattern> Prefilter(KnowledgeBase knowledge) =>
        Built.GetValue(knowledge, built => new(
            [
                .. built.RootCauses.SelectMany((rootCause, index) => rootCause.Signatures.Select(signature => new DiagnosisPattern(index, signature, null))),
                .. built.Platforms.SelectMany((platform, index) => platform.Fingerprints.Select(fingerprint => new DiagnosisPattern(index, null, fingerprint))),
            ],
            pattern => pattern.Signature is { } signature ? SignaturePrefilter.LiteralsOf(signature) : RequiredLiterals.ForPrefilter(pattern.Fingerprint!.ToString())));
}
