using System.Buffers;

namespace FaultMaven.Analysis.Templates;

/// <summary>
/// Online log template miner: one pass, one line at a time, in bounded memory. Variables are first recognised by
/// their form (<see cref="TokenMasking"/>); messages of one length that then differ only in tokens carrying digits or
/// masked whole join one template, while templates differing in a plain word stay apart until that word has shown
/// <see cref="TemplateMinerOptions.DistinctWordsForVariable"/> values; lists of values join whatever their length.
/// A template keeps its id for life: when two merge, the older id survives and the other resolves to it. Not thread-safe.
/// </summary>
public sealed class TemplateMiner
{
    private static readonly SearchValues<char> Letters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly SearchValues<char> Structure = SearchValues.Create("=({[");
    private static readonly SearchValues<char> EnclosureOpeners = SearchValues.Create("([{<'\"");

    private static readonly SearchValues<char> NameJoiners = SearchValues.Create("./_");

    private static readonly SearchValues<char> NameCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz./_");

    private readonly TemplateMinerOptions options;
    private readonly MaskedLine line = new();
    private readonly Dictionary<string, TemplateCluster> known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TemplateCluster>.AlternateLookup<ReadOnlySpan<char>> knownByText;
    private readonly Dictionary<int, List<TemplateCluster>> byLength = [];
    private readonly Dictionary<int, TemplateCluster> live = [];
    private readonly Dictionary<int, int> aliases = [];
    private readonly HashSet<int> split = [];
    private int nextId;
    private long clock;

    // Aliases count that triggers the next removal of those whose template was retired: twice what was left by the
    // last one, so the pass over them costs a constant per alias added.
    private int pruneAliasesAt;

    public TemplateMiner(TemplateMinerOptions? options = null)
        : this(options ?? new TemplateMinerOptions(), nextId: 1, clock: 0)
    {
    }

    private TemplateMiner(TemplateMinerOptions options, int nextId, long clock)
    {
        this.options = options;
        this.nextId = nextId;
        this.clock = clock;
        this.pruneAliasesAt = options.MaxTemplates;
        knownByText = this.known.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Every live template, oldest first.</summary>
    public IReadOnlyList<LogTemplate> Templates => [.. this.live.Values.OrderBy(cluster => cluster.Id).Select(cluster => cluster.ToTemplate())];

    /// <summary>How many templates are live (neither merged into another nor retired).</summary>
    public int TemplateCount => this.live.Count;

    /// <summary>Assigns <paramref name="content"/> (the message without its header) to a template, learning from it.</summary>
    public MinedLine Add(ReadOnlySpan<char> content)
    {
        this.clock++;
        this.line.Load(content);
        if (knownByText.TryGetValue(this.line.Text, out var known) && known.Live is { IsRetired: false } cluster)
        {
            cluster.Count++;
            cluster.LastSeen = this.clock;
            return new MinedLine(Observe(cluster).Id, IsNewTemplate: false);
        }

        var tokens = this.line.Tokens();
        var learned = Learn(tokens, out var isNew);
        learned.Count++;
        learned.LastSeen = this.clock;
        learned = Observe(learned);
        Remember(this.line.Text, learned);
        return new MinedLine(learned.Id, isNew);
    }

    /// <summary>Whether the template with this id (following merges) was split into constants after lines were given it, so those lines need matching again.</summary>
    internal bool WasSplit(int templateId) => this.split.Count > 0 && this.split.Contains(Resolve(templateId));

    /// <summary>Whether any template has been split into constants.</summary>
    internal bool HasSplit => this.split.Count > 0;

    /// <summary>The id of the template <paramref name="content"/> fits, without learning from it; null when none does.</summary>
    public int? Match(ReadOnlySpan<char> content)
    {
        this.line.Load(content);
        if (knownByText.TryGetValue(this.line.Text, out var known) && known.Live is { IsRetired: false } cluster)
        {
            return cluster.Id;
        }

        var tokens = this.line.Tokens();
        return (BucketOf(tokens.Length).Find(candidate => candidate.Fits(tokens) && TiesTo(candidate, tokens)) ?? FindWithSpannedValue(tokens))?.Id;
    }

    /// <summary>The template with this id as it stands now, following merges; null for an unknown or retired id.</summary>
    public LogTemplate? Find(int templateId) => this.live.TryGetValue(Resolve(templateId), out var cluster) ? cluster.ToTemplate() : null;

    private int Resolve(int templateId)
    {
        while (aliases.TryGetValue(templateId, out var into))
        {
            templateId = into;
        }

        return templateId;
    }

    /// <summary>The values the variables of template <paramref name="templateId"/> take in <paramref name="content"/>, in order; empty when it does not fit.</summary>
    public IReadOnlyList<string> Parameters(int templateId, string content)
    {
        var parameters = new List<string>();
        this.line.Load(content);
        var templateTokens = this.live.TryGetValue(Resolve(templateId), out var cluster) ? cluster.Tokens : [];
        var lineTokens = this.line.Tokens();
        if (SpannedValues.Align(templateTokens, lineTokens) is { } covers)
        {
            var start = 0;
            for (var i = 0; i < templateTokens.Length; start += covers[i++])
            {
                Wildcard.Capture(templateTokens[i], content[this.line.Source(start).Start..this.line.Source(start + covers[i] - 1).End], parameters);
            }

            return parameters;
        }

        var templateSegments = VariableRuns.Split(templateTokens);
        var lineSegments = VariableRuns.Split(lineTokens);
        if (templateSegments.Count != lineSegments.Count)
        {
            return parameters;
        }

        var token = 0;
        for (var i = 0; i < templateSegments.Count; i++)
        {
            var tokenCount = Math.Max(1, lineSegments[i].RunLength);
            if (templateSegments[i].RunLength == 1 && tokenCount > 1)
            {
                parameters.Add(content[this.line.Source(token).Start..line.Source(token + tokenCount - 1).End]);
            }
            else
            {
                for (var j = token; j < token + tokenCount; j++)
                {
                    Wildcard.Capture(templateSegments[i].Token, content[this.line.Source(j)], parameters);
                }
            }

            token += tokenCount;
        }

        return parameters;
    }

    /// <summary>
    /// The live templates and the aliases that resolve to one of them, each straight to it: an alias to a retired
    /// template resolves to nothing either way, so the state a snapshot takes shrinks with the templates retired.
    /// </summary>
    public TemplateMinerSnapshot Snapshot() => new(
        this.nextId,
        this.clock,
        [.. this.live.Values.OrderBy(cluster => cluster.Id).Select(cluster => cluster.ToState())],
        [.. LiveAliases().OrderBy(alias => alias.MergedId)]);

    /// <summary>
    /// Retires the <paramref name="count"/> least recently seen live templates at once, as
    /// <see cref="TemplateMinerOptions.MaxTemplates"/> retires one: their ids are never issued again, and a line that
    /// would have matched one of them makes a new template.
    /// </summary>
    public void RetireLeastRecentlySeen(int count)
    {
        foreach (var cluster in this.live.Values.OrderBy(cluster => cluster.LastSeen).ThenBy(cluster => cluster.Id).Take(count).ToList())
        {
            Retire(cluster);
        }
    }

    public static TemplateMiner Restore(TemplateMinerSnapshot snapshot, TemplateMinerOptions? options = null)
    {
        var miner = new TemplateMiner(options ?? new TemplateMinerOptions(), snapshot.NextId, snapshot.Clock);
        foreach (var state in snapshot.Templates)
        {
            miner.Adopt(new TemplateCluster(state.Id, [.. state.Tokens], state.Count, state.LastSeen));
        }

        foreach (var alias in snapshot.Aliases)
        {
            miner.aliases[alias.MergedId] = alias.IntoId;
        }

        // A snapshot taken under a larger limit keeps its most recently seen templates.
        miner.RetireLeastRecentlySeen(miner.live.Count - miner.options.MaxTemplates);
        return miner;
    }

    private TemplateCluster Learn(string[] tokens, out bool isNew)
    {
        isNew = false;
        var bucket = BucketOf(tokens.Length);
        var maxVariableMismatches = (int)(tokens.Length * this.options.MaxVariableShare);
        Dictionary<int, List<TemplateCluster>>? siblingsByPosition = null;
        TemplateCluster? closest = null;
        Comparison closestComparison = default;
        var closestMismatches = int.MaxValue;
        foreach (var cluster in bucket)
        {
            var comparison = Compare(cluster.Tokens, tokens);
            if (comparison.Mismatches == 0 && TiesTo(cluster, tokens))
            {
                return cluster;
            }

            if (!comparison.SharesWord)
            {
                continue;
            }

            var first = comparison.FirstMismatch;
            if (comparison.Mismatches == 1 && AreValuesOfOneKey(cluster.Tokens[first], tokens[first]))
            {
                siblingsByPosition ??= [];
                siblingsByPosition.TryAdd(first, []);
                siblingsByPosition[first].Add(cluster);
            }

            if (comparison.AllVariable && comparison.Mismatches <= maxVariableMismatches && comparison.Mismatches < closestMismatches)
            {
                closest = cluster;
                closestComparison = comparison;
                closestMismatches = comparison.Mismatches;
            }
        }

        foreach (var (position, siblings) in siblingsByPosition ?? [])
        {
            if (siblings.Count + 1 >= this.options.DistinctWordsForVariable && IsOpenVocabulary(siblings, position, tokens[position]))
            {
                return AbsorbSpanned(GeneralizeWords(siblings, position, tokens));
            }
        }

        if (closest is not null)
        {
            // One name that differs may yet turn out to be one of a few recurring constants; names that differ
            // together with other values are fields of a record.
            return AbsorbSpanned(closestComparison is { NamesDiffer: true, Mismatches: 1 }
                ? GeneralizeWords([closest], closestComparison.FirstMismatch, tokens)
                : Generalize([closest], MismatchPositions(closest.Tokens, tokens), tokens));
        }

        if ((FindWithOtherRunLengths(tokens) ?? FindWithSpannedValue(tokens) ?? JoinDelimitedValues(tokens)) is { } stretched)
        {
            return stretched;
        }

        isNew = true;
        var created = new TemplateCluster(this.nextId++, tokens, count: 0, lastSeen: this.clock);
        Adopt(created);
        RetireLeastRecentlySeenBeyondLimit();
        return created;
    }

    /// <summary>
    /// How many tokens do not fit the template and the first of them; whether all of them look like values (see
    /// <see cref="LooksVariable"/> and <see cref="DiffersInQualifiedName"/>), and whether any only because a qualified
    /// name differs; and whether a token with letters fits, without which nothing ties the message to the template.
    /// </summary>
    private readonly record struct Comparison(int Mismatches, int FirstMismatch, bool AllVariable, bool NamesDiffer, bool SharesWord);

    private static Comparison Compare(string[] templateTokens, string[] tokens)
    {
        var mismatches = 0;
        var firstMismatch = -1;
        var allVariable = true;
        var namesDiffer = false;
        var sharesWord = false;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (Wildcard.Fits(templateTokens[i], tokens[i]))
            {
                sharesWord |= templateTokens[i].AsSpan().IndexOfAny(Letters) >= 0;
            }
            else
            {
                firstMismatch = mismatches++ == 0 ? i : firstMismatch;
                if (allVariable && !LooksVariable(templateTokens[i], tokens[i]))
                {
                    allVariable = DiffersInQualifiedName(templateTokens[i], tokens[i]) || AreNumberedInstances(templateTokens[i], tokens[i])
                        || (IsNamedField(tokens[i]) && AreValuesOfOneKey(templateTokens[i], tokens[i]));
                    namesDiffer |= allVariable;
                }
            }
        }

        return new Comparison(mismatches, firstMismatch, allVariable, namesDiffer, sharesWord);
    }

    private static List<int> MismatchPositions(string[] templateTokens, string[] tokens) =>
        [.. Enumerable.Range(0, tokens.Length).Where(i => !Wildcard.Fits(templateTokens[i], tokens[i]))];

    /// <summary>
    /// Whether two differing tokens can be values of one variable: plain words (<c>root</c>, <c>admin</c>), plain
    /// values of the same key (<c>user=root</c>, <c>user=ftp</c>), either in the same brackets or quotes
    /// (<c>[LNKA]</c>, <c>[LNKB]</c>). Structured tokens that differ (<c>num=&lt;*&gt;,flags=&lt;*&gt;</c> against
    /// <c>topActivity=Info{&lt;*&gt;}</c>) are different messages.
    /// </summary>
    private static bool AreValuesOfOneKey(string templateToken, string token)
    {
        var keyLength = templateToken.IndexOf('=') + 1;
        if (keyLength != token.IndexOf('=') + 1 || !templateToken.AsSpan(0, keyLength).SequenceEqual(token.AsSpan(0, keyLength)))
        {
            return false;
        }

        var templateValue = templateToken.AsSpan(keyLength);
        var value = token.AsSpan(keyLength);
        var (lead, trail) = Enclosure(templateValue);
        if (lead > 0 && trail > 0 && Enclosure(value) == (lead, trail)
            && templateValue[..lead].SequenceEqual(value[..lead]) && templateValue[^trail..].SequenceEqual(value[^trail..]))
        {
            templateValue = templateValue[lead..^trail];
            value = value[lead..^trail];
        }

        return templateValue.IndexOfAny(Structure) < 0 && value.IndexOfAny(Structure) < 0;
    }

    /// <summary>How many opening brackets or quotes lead <paramref name="value"/>, and how many closing ones (with punctuation after them) end it.</summary>
    private static (int Lead, int Trail) Enclosure(ReadOnlySpan<char> value)
    {
        var lead = value.IndexOfAnyExcept(EnclosureOpeners);
        var last = value.LastIndexOfAnyExcept(TokenMasking.Closers);
        return lead < 0 || last < lead ? (0, 0) : (lead, value.Length - 1 - last);
    }

    /// <summary>Both tokens carry digits, or one of them was masked whole: either way the position holds a value.</summary>
    private static bool LooksVariable(string templateToken, string token) =>
        templateToken == Wildcard.Marker || token == Wildcard.Marker
        || (HasDigit(templateToken) && HasDigit(token) && !(IsNumberedDeviceName(templateToken) && IsNumberedDeviceName(token)));

    /// <summary>Two <see cref="IsNumberedDeviceName"/>s of one name that differ in their number (<c>eth0</c>, <c>eth1</c>).</summary>
    private static bool AreNumberedInstances(string templateToken, string token) =>
        IsNumberedDeviceName(templateToken) && IsNumberedDeviceName(token)
        && templateToken.AsSpan().IndexOfAnyInRange('0', '9') is var digits && digits == token.AsSpan().IndexOfAnyInRange('0', '9')
        && templateToken.AsSpan(0, digits).SequenceEqual(token.AsSpan(0, digits));

    /// <summary>
    /// Letters and then a number of one or two digits, nothing else: how interfaces, disks and protocol versions are
    /// named (<c>en0</c>, <c>wlan0</c>, <c>sda1</c>, <c>IPv6</c>). Such a name is a word, not a value by its digits: a
    /// few that each recur are constants (issue 12: <c>via interface ee0</c> / <c>alt0</c>), while instances of one
    /// name (<see cref="AreNumberedInstances"/>) are a variable until they turn out to recur.
    /// </summary>
    private static bool IsNumberedDeviceName(ReadOnlySpan<char> token)
    {
        var digits = token.IndexOfAnyInRange('0', '9');
        return digits >= 2 && token.Length - digits <= 2 && !token[..digits].ContainsAnyExcept(Letters) && !token[digits..].ContainsAnyExceptInRange('0', '9');
    }

    private static bool HasDigit(string token) => token.AsSpan().ContainsAnyInRange('0', '9');

    /// <summary>
    /// Whether the two tokens are one named field (<c>name=</c>, <c>tag="…"</c>, <c>ComponentInfo{…}</c>: the part
    /// they share before the value keeps a word; a shared end such as <c>.id</c> is part of the name) whose values
    /// differ in a qualified name on either side: letters with inner dots, slashes or underscores
    /// (<c>com.example.app</c>, <c>org/example/Main</c>, <c>WAKE_LOCK</c>). The value of a named field that is such a
    /// name is a variable as soon as two differ, even beside other values (a record of fields); a plain word, or a bare
    /// name with no field to name it, needs the evidence of <see cref="TemplateMinerOptions.DistinctWordsForVariable"/>
    /// templates. A single such field stays revisable: see <see cref="GeneralizeWords"/>.
    /// </summary>
    private static bool DiffersInQualifiedName(string templateToken, string token)
    {
        // Most differing tokens are plain words: they are turned away before anything is allocated.
        if ((!IsQualifiedName(templateToken) && !IsQualifiedName(token)) || templateToken.Contains(Wildcard.Marker, StringComparison.Ordinal))
        {
            return false;
        }

        var generalized = Wildcard.Generalize([templateToken, token]);
        if (generalized.AsSpan(0, generalized.IndexOf(Wildcard.Marker, StringComparison.Ordinal)).IndexOfAny(Letters) < 0)
        {
            return false;
        }

        var values = new List<string>(2);
        Wildcard.Capture(generalized, templateToken, values);
        Wildcard.Capture(generalized, token, values);
        return values.Exists(value => IsQualifiedName(value));
    }

    private static bool IsQualifiedName(ReadOnlySpan<char> span)
    {
        for (var i = 1; i < span.Length - 1; i++)
        {
            if (NameJoiners.Contains(span[i]) && char.IsAsciiLetterOrDigit(span[i - 1]) && (char.IsAsciiLetterOrDigit(span[i + 1]) || span[i + 1] == '.'))
            {
                return span.IndexOfAny(Letters) >= 0;
            }
        }

        return false;
    }

    /// <summary>Whether a template token keeps letters outside its markers (<c>action=&lt;*&gt;</c> does, <c>&lt;*&gt;...</c> does not).</summary>
    private static bool HasConstantWord(string templateToken)
    {
        foreach (var range in templateToken.AsSpan().Split(Wildcard.Marker))
        {
            if (templateToken.AsSpan(range).IndexOfAny(Letters) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A template without a constant word (<c>&lt;*&gt;...</c>, made by masking a line that was all values) takes no
    /// message that has one: nothing but punctuation would tie them, and it would swallow every one-word message.
    /// </summary>
    private static bool TiesTo(TemplateCluster cluster, string[] tokens) =>
        Array.Exists(cluster.Tokens, HasConstantWord) || !Array.Exists(tokens, token => token.AsSpan().IndexOfAny(Letters) >= 0);

    /// <summary>
    /// Whether templates differing only in one word, plus the message's word, look like values of a variable: names
    /// with inner punctuation (<c>com.example.job</c>, <c>worker-a</c>), more words than a closed vocabulary holds, or a
    /// word seen too rarely to be one of a few recurring constants. Only letters-only words can form a vocabulary.
    /// </summary>
    private bool IsOpenVocabulary(List<TemplateCluster> siblings, int position, string word) =>
        IsNamedField(word)
        || !IsLettersOnly(word)
        || siblings.Any(sibling => !IsLettersOnly(sibling.Tokens[position]))
        || siblings.Count + 1 > this.options.ClosedVocabularySize
        || siblings.Any(sibling => sibling.Count < this.options.RecurringWordCount);

    /// <summary>
    /// A value a program names (<c>database=shop</c>, <c>probeType="Readiness"</c>): what follows a key is filled in
    /// at run time, however few values it takes, so it never forms a closed vocabulary of constants. The keys that
    /// structured logging gives the event itself (logfmt's and zap's <c>msg</c>, <c>level</c>…) are not such fields:
    /// their values are the message.
    /// </summary>
    private static bool IsNamedField(ReadOnlySpan<char> token) => TokenMasking.NamedFieldKeyLength(token) > 0;

    /// <summary>A word of letters, possibly after a <c>key=</c> prefix and inside quotes, brackets or trailing punctuation.</summary>
    private static bool IsLettersOnly(ReadOnlySpan<char> token)
    {
        if (IsNumberedDeviceName(token))
        {
            return true;
        }

        var value = token[(token.IndexOf('=') + 1)..];
        var start = value.IndexOfAny(Letters);
        var end = value.LastIndexOfAny(Letters) + 1;
        return start >= 0
            && !value[start..end].ContainsAnyExcept(Letters)
            && !value[..start].ContainsAnyInRange('0', '9')
            && !value[end..].ContainsAnyInRange('0', '9');
    }

    /// <summary>A letters-only word or a qualified name without digits (<c>SCREEN_ON</c>, <c>action:android.intent.action.MAIN</c>), after a key if any: what a closed vocabulary may hold.</summary>
    private static bool IsNameWord(ReadOnlySpan<char> token)
    {
        if (IsNumberedDeviceName(token))
        {
            return true;
        }

        var value = token[(token.IndexOfAny('=', ':') + 1)..];
        var start = value.IndexOfAny(Letters);
        return start >= 0 && !value.ContainsAnyInRange('0', '9') && !value[start..(value.LastIndexOfAny(Letters) + 1)].ContainsAnyExcept(NameCharacters);
    }

    /// <summary>
    /// Makes <paramref name="position"/> a variable as <see cref="Generalize"/> does and, when its words are letters
    /// only or qualified names without digits (<see cref="IsNameWord"/>), keeps counting them so that the decision can
    /// be revised.
    /// </summary>
    private TemplateCluster GeneralizeWords(List<TemplateCluster> siblings, int position, string[] tokens)
    {
        WordTally? tally = null;
        if (!IsNamedField(tokens[position]) && IsNameWord(tokens[position]) && siblings.All(sibling => IsNameWord(sibling.Tokens[position])))
        {
            tally = new WordTally(position, this.options.ClosedVocabularySize);
            foreach (var sibling in siblings)
            {
                tally.Add(sibling.Tokens[position], sibling.Count);
            }
        }

        var survivor = Generalize(siblings, [position], tokens);
        survivor.Tallies?.RemoveAll(existing => existing.Position == position);
        if (tally is not null)
        {
            (survivor.Tallies ??= []).Add(tally);
        }

        return survivor;
    }

    /// <summary>
    /// Counts the word the loaded line puts at each tallied position of <paramref name="cluster"/>; when a position's
    /// words turn out to be a few frequent ones, splits the template into one per word and returns the line's.
    /// </summary>
    private TemplateCluster Observe(TemplateCluster cluster)
    {
        if (cluster.Tallies is not { } tallies || this.line.TokenCount != cluster.Tokens.Length)
        {
            return cluster;
        }

        foreach (var tally in tallies)
        {
            var word = this.line.Token(tally.Position);
            if (!IsNameWord(word))
            {
                tally.Close();
                continue;
            }

            tally.Add(word, 1);
            if (tally.IsClosedVocabulary(this.options.RecurringWordCount))
            {
                tallies.Remove(tally);
                return Split(cluster, tally);
            }
        }

        tallies.RemoveAll(tally => tally.IsOpen);
        return cluster;
    }

    /// <summary>
    /// One template per word of <paramref name="tally"/>: the most frequent keeps the id, the others get new ids.
    /// The cache of masked messages is cleared, since its entries point at the template that was split.
    /// </summary>
    private TemplateCluster Split(TemplateCluster cluster, WordTally tally)
    {
        var lineWord = this.line.Token(tally.Position).ToString();
        var words = tally.Counts.OrderByDescending(word => word.Value).ThenBy(word => word.Key, StringComparer.Ordinal).ToList();
        var lineCluster = cluster;
        foreach (var (word, count) in words.Skip(1))
        {
            var tokens = (string[])cluster.Tokens.Clone();
            tokens[tally.Position] = word;
            var created = new TemplateCluster(this.nextId++, tokens, count, cluster.LastSeen);
            Adopt(created);
            cluster.Count -= count;
            lineCluster = word == lineWord ? created : lineCluster;
        }

        cluster.SetToken(tally.Position, words[0].Key);
        this.split.Add(cluster.Id);
        this.known.Clear();
        RetireLeastRecentlySeenBeyondLimit();
        return lineCluster;
    }

    /// <summary>Turns the given positions of the oldest of <paramref name="clusters"/> into variables and merges into it every template it now covers.</summary>
    private TemplateCluster Generalize(List<TemplateCluster> clusters, IReadOnlyList<int> positions, string[] tokens)
    {
        var survivor = clusters.MinBy(cluster => cluster.Id)!;
        foreach (var position in positions)
        {
            var values = clusters.Select(cluster => cluster.Tokens[position]).Append(tokens[position]).ToList();
            survivor.SetToken(position, Wildcard.Generalize(values));
        }

        AbsorbCovered(survivor);
        return survivor;
    }

    /// <summary>
    /// A template that differs from the message only in how many variables stand in a row (<c>delete &lt;*&gt;</c> and
    /// <c>delete &lt;*&gt; &lt;*&gt; &lt;*&gt;</c>); each run whose length differs becomes one marker in it.
    /// </summary>
    private TemplateCluster? FindWithOtherRunLengths(string[] tokens)
    {
        if (!tokens.Contains(Wildcard.Marker))
        {
            return null;
        }

        var segments = VariableRuns.Split(tokens);
        foreach (var (length, bucket) in byLength)
        {
            if (length == tokens.Length)
            {
                continue;
            }

            foreach (var cluster in bucket)
            {
                // Counting first: a template of another segment count cannot align, and most are.
                if (cluster.Tokens.Contains(Wildcard.Marker) && VariableRuns.CountSegments(cluster.Tokens) == segments.Count
                    && VariableRuns.Align(VariableRuns.Split(cluster.Tokens), segments) is { } aligned)
                {
                    Reshape(cluster, aligned);
                    AbsorbCovered(cluster);
                    return cluster;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A template with a delimited variable (<see cref="SpannedValues"/>) that <paramref name="tokens"/> fits with a
    /// value of several words in it; the template keeps its shape.
    /// </summary>
    private TemplateCluster? FindWithSpannedValue(string[] tokens)
    {
        foreach (var (length, bucket) in byLength)
        {
            if (length < tokens.Length
                && bucket.Find(cluster => cluster.HasDelimited && SpannedValues.Align(cluster.Tokens, tokens) is not null && TiesTo(cluster, tokens)) is { } cluster)
            {
                return cluster;
            }
        }

        return null;
    }

    /// <summary>
    /// Templates that differ from the message only inside one pair of brackets or quotes, with as many words there as
    /// they like (<c>has made the advancement [Stone Age]</c>, <c>[Ice Bucket Challenge]</c>, <c>[Hot Stuff]</c>):
    /// when they are <see cref="TemplateMinerOptions.DistinctWordsForVariable"/> or more and their contents are an open
    /// vocabulary (more than <see cref="TemplateMinerOptions.ClosedVocabularySize"/>, or one seen fewer than
    /// <see cref="TemplateMinerOptions.RecurringWordCount"/> times), the oldest becomes the template with one delimited
    /// variable there (<c>[&lt;*&gt;]</c>, which <see cref="SpannedValues"/> then fits with any number of words) and the
    /// others merge into it. Without this each word count was a template length of its own, so values of several words
    /// never met as siblings.
    /// </summary>
    private TemplateCluster? JoinDelimitedValues(string[] tokens)
    {
        for (var start = 0; start < tokens.Length; start++)
        {
            if (DelimitedSpan(tokens, start) is not var (end, opener, closer))
            {
                continue;
            }

            var before = tokens[..start];
            var after = tokens[(end + 1)..];
            if (!Array.Exists(before, HasConstantWord) && !Array.Exists(after, HasConstantWord))
            {
                continue;
            }

            var content = string.Join(' ', tokens[start..(end + 1)]);
            var siblings = new List<TemplateCluster>();
            foreach (var (length, bucket) in byLength)
            {
                var siblingEnd = length - after.Length - 1;
                if (siblingEnd < start)
                {
                    continue;
                }

                siblings.AddRange(bucket.Where(cluster =>
                    Wildcard.FitsAll(cluster.Tokens.AsSpan(0, start), before) && Wildcard.FitsAll(cluster.Tokens.AsSpan(siblingEnd + 1), after)
                    && DelimitedSpan(cluster.Tokens, start) is var (clusterEnd, clusterOpener, _) && clusterEnd == siblingEnd && clusterOpener == opener
                    && string.Join(' ', cluster.Tokens[start..(siblingEnd + 1)]) != content));
            }

            if (siblings.Count + 1 < this.options.DistinctWordsForVariable
                || (siblings.Count + 1 <= this.options.ClosedVocabularySize && siblings.All(sibling => sibling.Count >= this.options.RecurringWordCount)))
            {
                continue;
            }

            var survivor = siblings.MinBy(cluster => cluster.Id)!;
            var survivorEnd = survivor.Tokens.Length - after.Length - 1;
            var value = string.Concat(tokens[start].AsSpan(0, tokens[start].IndexOf(opener) + 1), Wildcard.Marker, tokens[end].AsSpan(tokens[end].LastIndexOf(closer)));
            Reshape(survivor, [.. survivor.Tokens[..start], value, .. survivor.Tokens[(survivorEnd + 1)..]]);
            foreach (var sibling in siblings.Where(sibling => sibling != survivor))
            {
                Merge(sibling, survivor, BucketOf(sibling.Tokens.Length));
            }

            this.known.Clear();
            AbsorbCovered(survivor);
            return AbsorbSpanned(survivor);
        }

        return null;
    }

    /// <summary>
    /// The bracketed or quoted value that opens in <paramref name="tokens"/>[<paramref name="start"/>] (after a key such
    /// as <c>name=</c> that <see cref="IsNamedField"/>, or at the token's start) and closes at the end of a later token, at most
    /// <see cref="MaxDelimitedSpan"/> tokens long, with no closer and no field (<c>key=</c>) in between; null when none does.
    /// </summary>
    private static (int End, char Opener, char Closer)? DelimitedSpan(string[] tokens, int start)
    {
        var first = tokens[start];
        var at = first.AsSpan().IndexOfAny(EnclosureOpeners);
        // After a key, only a named field's value: the value of logfmt's msg= is the message itself.
        if (at < 0 || (at > 0 && (first[at - 1] != '=' || !IsNamedField(first))) || first.Contains(Wildcard.Marker, StringComparison.Ordinal))
        {
            return null;
        }

        var opener = first[at];
        var closer = opener switch { '(' => ')', '[' => ']', '{' => '}', '<' => '>', _ => opener };
        if (first.AsSpan(at + 1).Contains(closer))
        {
            return null;
        }

        for (var end = start + 1; end < tokens.Length && end - start < MaxDelimitedSpan; end++)
        {
            if (tokens[end].Contains('='))
            {
                // Fields inside the brackets make a record (Intent { act=… flg=… }), whose keys tell messages apart.
                return null;
            }

            var token = tokens[end].AsSpan().TrimEnd(",.;:");
            var close = token.IndexOf(closer);
            if (close >= 0)
            {
                return close == token.Length - 1 && !tokens[end].Contains(Wildcard.Marker, StringComparison.Ordinal) ? (end, opener, closer) : null;
            }
        }

        return null;
    }

    /// <summary>The most tokens a delimited value joined by <see cref="JoinDelimitedValues"/> may cover.</summary>
    private const int MaxDelimitedSpan = 8;

    private void AbsorbCovered(TemplateCluster survivor) =>
        Absorb(survivor, BucketOf(survivor.Tokens.Length), cluster => survivor.Fits(cluster.Tokens));

    /// <summary>
    /// Merges into <paramref name="survivor"/>, when it has a delimited variable, every longer template whose extra words
    /// are a value of it (one made from a line that came before the variable was); returns the survivor.
    /// </summary>
    private TemplateCluster AbsorbSpanned(TemplateCluster survivor)
    {
        if (survivor.HasDelimited)
        {
            // Absorbing changes the buckets' lists, never the dictionary of buckets.
            foreach (var (length, bucket) in byLength)
            {
                if (length > survivor.Tokens.Length)
                {
                    Absorb(survivor, bucket, cluster => SpannedValues.Align(survivor.Tokens, cluster.Tokens) is not null);
                }
            }
        }

        return survivor;
    }

    private void Absorb(TemplateCluster survivor, List<TemplateCluster> bucket, Func<TemplateCluster, bool> covers)
    {
        foreach (var covered in bucket.Where(cluster => cluster != survivor && covers(cluster)).ToList())
        {
            Merge(covered, survivor, bucket);
        }
    }

    /// <summary>Merges <paramref name="covered"/>, a live template of <paramref name="bucket"/>, into <paramref name="survivor"/>: its id resolves to the survivor's from now on.</summary>
    private void Merge(TemplateCluster covered, TemplateCluster survivor, List<TemplateCluster> bucket)
    {
        covered.MergeInto(survivor);
        bucket.Remove(covered);
        this.live.Remove(covered.Id);
        aliases[covered.Id] = survivor.Id;
    }

    /// <summary>Gives <paramref name="cluster"/> new tokens, moving it to the bucket of their length.</summary>
    private void Reshape(TemplateCluster cluster, string[] tokens)
    {
        BucketOf(cluster.Tokens.Length).Remove(cluster);
        cluster.Reshape(tokens);
        BucketOf(tokens.Length).Add(cluster);
    }

    private void Adopt(TemplateCluster cluster)
    {
        BucketOf(cluster.Tokens.Length).Add(cluster);
        this.live[cluster.Id] = cluster;
    }

    private void RetireLeastRecentlySeenBeyondLimit()
    {
        if (this.live.Count <= this.options.MaxTemplates)
        {
            return;
        }

        Retire(this.live.Values.MinBy(cluster => cluster.LastSeen)!);
    }

    /// <summary>Retires every live template whose text is longer than <paramref name="length"/> characters; returns how many.</summary>
    public int RetireLongerThan(int length)
    {
        var retiring = this.live.Values.Where(cluster => cluster.Text.Length > length).ToList();
        retiring.ForEach(Retire);
        return retiring.Count;
    }

    private void Retire(TemplateCluster cluster)
    {
        cluster.IsRetired = true;
        this.live.Remove(cluster.Id);
        BucketOf(cluster.Tokens.Length).Remove(cluster);
        if (aliases.Count >= this.pruneAliasesAt)
        {
            var kept = LiveAliases().ToList();
            aliases.Clear();
            foreach (var alias in kept)
            {
                aliases[alias.MergedId] = alias.IntoId;
            }

            this.pruneAliasesAt = Math.Max(this.options.MaxTemplates, 2 * aliases.Count);
        }
    }

    /// <summary>Each alias whose chain of merges ends at a live template, straight to that template.</summary>
    private IEnumerable<TemplateAlias> LiveAliases() =>
        aliases.Keys.Select(merged => new TemplateAlias(merged, Resolve(merged))).Where(alias => this.live.ContainsKey(alias.IntoId));

    private void Remember(ReadOnlySpan<char> maskedText, TemplateCluster cluster)
    {
        if (this.known.Count >= this.options.MaxCachedMessages)
        {
            this.known.Clear();
        }

        knownByText[maskedText] = cluster;
    }

    private List<TemplateCluster> BucketOf(int tokenCount)
    {
        if (!byLength.TryGetValue(tokenCount, out var bucket))
        {
            bucket = [];
            byLength[tokenCount] = bucket;
        }

        return bucket;
    }
}
