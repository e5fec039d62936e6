using System.Text.RegularExpressions;
using FaultMaven.Agents.Knowledge;
using FaultMaven.Contracts;
using Microsoft.Extensions.AI;

namespace FaultMaven.Agents.Troubleshooting;

/// <summary>A line no signature matched, and the root cause whose example lines it is closest to in meaning.</summary>
/// <param name="Position">The line's place in the analysed input (0 = first).</param>
/// <param name="Nearest">The signature whose example (or the root cause's title, then its most specific signature) was closest.</param>
/// <param name="Similarity">Cosine similarity of the two embeddings, in [-1, 1].</param>
/// <param name="Anchor">The knowledge-base text the line was closest to, as written there: a signature's example line,
/// the root cause's title, its description's first sentence or one of its phrasings (what the evidence quotes).</param>
public sealed record MeaningMatch(int Position, RootCause RootCause, Signature Nearest, double Similarity, string Anchor);

/// <summary>The second matching path: lines that say a known failure in words no signature has
/// (<c>certificate … expired on</c>, another product's phrasing). Exact signature matches keep priority: only lines no
/// platform's signature matched are asked (a line only a generic signature matched is asked too, <see cref="SignatureMatcher"/>).</summary>
public interface IMeaningMatcher
{
    /// <param name="events">The input in order.</param>
    /// <param name="exactlyMatched">Positions a signature already matched specifically enough; they are not looked at again.</param>
    /// <returns>At most one match per line, only those at or above the matcher's threshold.</returns>
    IReadOnlyList<MeaningMatch> Match(IReadOnlyList<LogEvent> events, IReadOnlySet<int> exactlyMatched);
}

/// <summary>
/// Compares the error-like lines of an input with every signature example (without the made-up names the examples
/// share), root-cause title, the first sentence of each root cause's description (the failure said in plain words,
/// which paraphrases resemble more than any one product's message) and its phrasings by embedding (all-MiniLM-L6-v2 in process, or whichever generator the host registered). Both
/// sides are compared by their words only (<see cref="Words"/>). The knowledge base is embedded once, here; an input
/// costs one embedding per candidate line, at most <see cref="MaxLines"/> of them, so a 1,000-line paste costs the same
/// as a 20-line one.
/// </summary>
public sealed partial class EmbeddingMeaningMatcher : IMeaningMatcher
{
    /// <summary>Lines embedded per input: the most serious first, then in input order.</summary>
    public const int MaxLines = 16;

    /// <summary>Fitted on the calibration half of tests/data/incidents (docs/benchmarks.md, "Root-cause ranking and
    /// confidence"): the similarity from which, with every signature switched off, the most incidents got their right
    /// cause first without a wrong one at 40 % or more.</summary>
    public const double FittedThreshold = 0.55;

    // Texts embedded between two looks at the cancellation token while the knowledge base is embedded: under a second
    // on a loaded core, so a stopping host waits about that long instead of the whole 15–25 s.
    private const int BuildGroup = 32;

    // In how many root causes' examples a word no root cause is described with must occur to be taken for a made-up
    // name rather than one product's own token.
    private const int NameSpread = 3;

    // The prefix of every attribute FaultMaven adds (FaultMaven.Analysis.Normalization.AttributeKeys).
    private const string OwnAttributes = "fm.";

    // MiniLM reads at most 256 word pieces; a longer line (a stack trace merged into one event) says what it is early.
    private const int MaxChars = 600;

    private readonly IEmbeddingGenerator<string, Embedding<float>> embedder;
    private readonly double threshold;
    private readonly IReadOnlyList<(RootCause RootCause, Signature Signature, string Shown, float[] Vector)> anchors;

    /// <param name="threshold">Similarity from which a match counts; <see cref="FittedThreshold"/> unless a calibration run supplies another.</param>
    /// <param name="cancellationToken">Stops embedding the knowledge base between two groups of texts (a host stopping).</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before every text was embedded.</exception>
    public EmbeddingMeaningMatcher(KnowledgeBase knowledge, IEmbeddingGenerator<string, Embedding<float>> embedder, double threshold = FittedThreshold, CancellationToken cancellationToken = default)
    {
        this.embedder = embedder;
        this.threshold = threshold;
        // Names the examples were written with (billing.internal, acme, render, worker): words in the examples of
        // several root causes that no title or description uses. They pull any line naming a service of that name to
        // those root causes; a product's own token (getaddrinfo, HikariPool) belongs to one root cause and stays.
        // Phrasings do not count: with phrasings for every root cause they would bring back most of these words (timed,
        // exited, insufficient…) into every example at once, so adding one phrasing would change other anchors.
        var described = knowledge.RootCauses
            .SelectMany(rootCause => new[] { rootCause.Title, rootCause.Description })
            .SelectMany(WordsOf)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var names = knowledge.RootCauses
            .SelectMany(rootCause => rootCause.Signatures.SelectMany(signature => WordsOf(signature.Example ?? "")).Distinct(StringComparer.OrdinalIgnoreCase))
            .Where(word => !described.Contains(word))
            .GroupBy(word => word, StringComparer.OrdinalIgnoreCase)
            .Where(word => word.Count() >= NameSpread)
            .Select(word => word.Key)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var texts = knowledge.RootCauses
            .SelectMany(rootCause =>
            {
                var strongest = rootCause.Signatures.Max(Signature.BySpecificity)!;
                string[] plainWords = [rootCause.Title, FirstSentence(rootCause.Description), .. rootCause.Phrasings];
                return rootCause.Signatures
                    .Where(signature => signature.Example is not null)
                    .Select(signature => (RootCause: rootCause, Signature: signature, Shown: signature.Example!, Text: Without(Words(signature.Example!), names)))
                    .Concat(plainWords.Select(text => (RootCause: rootCause, Signature: strongest, Shown: text, Text: Words(text))));
            })
            .Where(anchor => anchor.Text.Length > 0)
            .ToList();
        var vectors = texts.Chunk(BuildGroup).SelectMany(group =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Embed(group.Select(anchor => anchor.Text));
        }).ToList();
        anchors = [.. texts.Select((anchor, index) => (anchor.RootCause, anchor.Signature, anchor.Shown, vectors[index]))];
    }

    /// <summary>How many texts of the knowledge base were embedded (examples, titles, first description sentences, phrasings).</summary>
    public int AnchorCount => anchors.Count;

    public IReadOnlyList<MeaningMatch> Match(IReadOnlyList<LogEvent> events, IReadOnlySet<int> exactlyMatched) =>
        [.. Nearest(events, exactlyMatched).Where(match => match.Similarity >= threshold)];

    /// <summary>For each candidate line (error-like, not in <paramref name="skip"/>, at most <see cref="MaxLines"/>), its
    /// nearest root cause whatever the similarity; <see cref="Match"/> keeps those above the threshold, and the
    /// calibration fits the threshold from these.</summary>
    public IReadOnlyList<MeaningMatch> Nearest(IReadOnlyList<LogEvent> events, IReadOnlySet<int> skip)
    {
        var candidates = Candidates(events, skip);
        if (candidates.Count == 0)
        {
            return [];
        }

        var vectors = Embed(candidates.Select(candidate => candidate.Text));
        return [.. candidates.Select((candidate, index) => anchors
            .Select(anchor => new MeaningMatch(candidate.Position, anchor.RootCause, anchor.Signature, Cosine(vectors[index], anchor.Vector), anchor.Shown))
            .MaxBy(match => match.Similarity)!)];
    }

    /// <summary>Lines worth asking about: warnings and worse, and lines of unknown level (plain text carries no level),
    /// each distinct text once; not a command typed at a shell prompt (<c>$ curl …/_cluster/health</c>), which says
    /// what the engineer looked at, not what failed: its output, on the lines after it, is asked.</summary>
    private static List<(int Position, string Text)> Candidates(IReadOnlyList<LogEvent> events, IReadOnlySet<int> skip) =>
        [.. Enumerable.Range(0, events.Count)
            .Where(position => !skip.Contains(position) && events[position].Level is Severity.Unknown or >= Severity.Warn && !ShellCommand().IsMatch(events[position].Message))
            .Select(position => (Position: position, Text: Words(WithoutHealthyFields(Shorten(Said(events[position]))))))
            .Where(candidate => candidate.Text.Length > 0)
            .DistinctBy(candidate => candidate.Text)
            .OrderByDescending(candidate => events[candidate.Position].Level)
            .ThenBy(candidate => candidate.Position)
            .Take(MaxLines)];

    private static double Cosine(float[] x, float[] y)
    {
        double dot = 0, xx = 0, yy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            dot += x[i] * y[i];
            xx += x[i] * x[i];
            yy += y[i] * y[i];
        }

        return xx == 0 || yy == 0 ? 0 : dot / Math.Sqrt(xx * yy);
    }

    /// <summary>
    /// The text without its variable tokens, identifiers split into their words. A token holding a digit (ids,
    /// addresses, timestamps, sizes, hex, paths with numbers) keeps only its letter-only parts (<c>status=203/EXEC</c> →
    /// <c>status EXEC</c>, <c>pod-7d9f8</c> → <c>pod</c>), except a bare number of at most three digits (an HTTP status,
    /// an exit code, a signal), which carries meaning whole. MiniLM splits a long number or id into many word pieces
    /// that pull two lines of the same failure apart, or two different failures with similar ids together; and it reads
    /// <c>SSLException</c>, <c>mail_queue_enter</c> or <c>javax.net.ssl</c> as rare word pieces rather than the words
    /// they are made of, which other products' phrasings of the same failure share.
    /// </summary>
    public static string Words(string text)
    {
        var withoutValues = Variable().Replace(text, token =>
            token.Length <= 3 && token.Value.All(char.IsAsciiDigit) ? token.Value : $" {string.Join(' ', LetterPart().Matches(token.Value).Select(part => part.Value))} ");
        return Whitespace().Replace(IdentifierJoint().Replace(withoutValues, " "), " ").Trim();
    }

    /// <summary>What a line says: its message and the attribute values that are phrases or name an error (<c>error</c>,
    /// <c>reason</c>), not FaultMaven's own <c>fm.*</c> attributes or one-word fields (a format, a logger, a user, a
    /// database name), which name where the line came from and pull it towards root causes with those words.</summary>
    private static string Said(LogEvent logEvent) =>
        string.Join(SignatureMatcher.FieldSeparator, logEvent.Attributes
            .Where(attribute => !attribute.Key.StartsWith(OwnAttributes, StringComparison.Ordinal)
                && (attribute.Value.Contains(' ', StringComparison.Ordinal) || ErrorField().IsMatch(attribute.Key)))
            .Select(attribute => attribute.Value)
            .Prepend(logEvent.Message));

    /// <summary>
    /// <paramref name="text"/> without the fields that report a failure did not happen: a count or flag of something bad
    /// at zero or false (<c>"unassigned_shards":0</c>, <c>failed=0</c>, <c>"timed_out":false</c>) and a status at a
    /// healthy value (<c>"status":"green"</c>, <c>health: ok</c>). Pasted health and status output names the very
    /// failures it rules out, and by its words alone came out 73 % likely for one of them (an Elasticsearch cluster
    /// health of <c>green</c> with no unassigned shard, beside an unrelated query error). A zero count of something good
    /// (<c>availableReplicas: 0</c>) is trouble and stays.
    /// </summary>
    public static string WithoutHealthyFields(string text) => HealthyField().Replace(text, " ");

    /// <summary><paramref name="words"/> (made by <see cref="Words"/>) without <paramref name="names"/>.</summary>
    private static string Without(string words, IReadOnlySet<string> names) =>
        Whitespace().Replace(Word().Replace(words, word => names.Contains(word.Value) ? " " : word.Value), " ").Trim();

    private static IEnumerable<string> WordsOf(string text) => Word().Matches(Words(text)).Select(word => word.Value);

    private static string FirstSentence(string description) => description.Split(". ", 2)[0].Trim();

    [GeneratedRegex(@"\S*[0-9]\S*")]
    private static partial Regex Variable();

    // A letter-only part of a token holding digits: letters between two non-alphanumerics.
    [GeneratedRegex(@"(?<![\p{L}\p{N}])\p{L}{2,}(?![\p{L}\p{N}])")]
    private static partial Regex LetterPart();

    // Where one word of an identifier ends and the next begins: a camel hump after two lower-case letters or before
    // a capital and two lower-case ones (SSLException, PDOStatement; not MySQL, nor a plural such as XIDs or URLs), an
    // underscore, a dot between letters (javax.net.ssl).
    [GeneratedRegex(@"(?<=\p{Ll}{2})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll}{2})|_|(?<=\p{L})\.(?=\p{L})")]
    private static partial Regex IdentifierJoint();

    // A key (quoted or not) naming a bad thing with a zero, false or empty value, or a status-like key with a healthy
    // value; the value ends where the next key, a closing bracket or the line does.
    [GeneratedRegex(
        """
        (?<![\w.\-])"?[\w.\-]*?(?:fail|error|err|unassigned|unavailable|timed_?out|timeout|drop|lost|reject|miss|denied|refus|corrupt|invalid|abort|panic|restart|evict|kill|crash|throttl|overflow|retr|pending|unhealthy|conflict|warn)[\w.\-]*"?\s*[:=]\s*"?(?:0+(?:\.0+)?|false|none|null)"?(?![\w.\-])
        |(?<![\w.\-])"?(?:status|state|health|condition)"?\s*[:=]\s*"?(?:green|ok|healthy|passing|serving)"?(?![\w.\-])
        """,
        RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex HealthyField();

    // A shell prompt and the command after it: "$ ", "# " (root), or user@host:dir$ before a word.
    [GeneratedRegex(@"^\s*(?:[\w.\-]+@[\w.\-]+(?::[^\s$#]*)?\s?)?[$#]\s+[\w./~\-]")]
    private static partial Regex ShellCommand();

    [GeneratedRegex("err|exception|reason|cause", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorField();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static string Shorten(string text) => text.Length <= MaxChars ? text : text[..MaxChars];

    // The in-process generator completes synchronously; ranking stays a synchronous, pure-looking step for its callers.
    private List<float[]> Embed(IEnumerable<string> texts) =>
        [.. embedder.GenerateAsync(texts).GetAwaiter().GetResult().Select(embedding => embedding.Vector.ToArray())];
}

/// <summary>
/// An <see cref="EmbeddingMeaningMatcher"/> built in the background on first use, so no request waits for the knowledge
/// base to be embedded (about 560 texts: seconds on an idle core, 15–25 s on a loaded two-core host). Until it is ready,
/// inputs are matched by signatures only; a failed build is rethrown by every later match, not swallowed. Disposing it
/// stops the build and waits for it, so the embedding model it uses is never disposed under a running build (that
/// crashed the test host: the ONNX session was freed while the background build still ran on it).
/// </summary>
/// <param name="build">Embeds the knowledge base; it must stop with <see cref="OperationCanceledException"/> soon after its token is cancelled.</param>
public sealed class BackgroundMeaningMatcher(Func<CancellationToken, EmbeddingMeaningMatcher> build) : IMeaningMatcher, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private Task<EmbeddingMeaningMatcher>? matcher;

    /// <summary>Completes when the knowledge base is embedded (starting it when nothing has yet).</summary>
    public Task Ready => Matcher();

    public IReadOnlyList<MeaningMatch> Match(IReadOnlyList<LogEvent> events, IReadOnlySet<int> exactlyMatched) =>
        Matcher() is { IsCompleted: true } built ? built.GetAwaiter().GetResult().Match(events, exactlyMatched) : [];

    public void Dispose()
    {
        Task? running;
        lock (gate)
        {
            stopping.Cancel();
            running = matcher;
        }

        try
        {
            running?.Wait();
        }
        catch (AggregateException stopped) when (stopped.InnerExceptions.All(e => e is OperationCanceledException))
        {
        }

        stopping.Dispose();
    }

    private Task<EmbeddingMeaningMatcher> Matcher()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(stopping.IsCancellationRequested, this);
            return matcher ??= Task.Run(() => build(stopping.Token), stopping.Token);
        }
    }
}
