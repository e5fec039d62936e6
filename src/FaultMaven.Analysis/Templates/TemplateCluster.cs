namespace FaultMaven.Analysis.Templates;

/// <summary>The mutable state of one live template inside <see cref="TemplateMiner"/>.</summary>
internal sealed class TemplateCluster(int id, string[] tokens, long count, long lastSeen)
{
    private string? text;
    private bool? hasDelimited;

    public int Id { get; } = id;

    public string[] Tokens { get; private set; } = tokens;

    public long Count { get; set; } = count;

    public long LastSeen { get; set; } = lastSeen;

    /// <summary>The template this one was merged into; set once, when it stops being live.</summary>
    public TemplateCluster? MergedInto { get; private set; }

    public bool IsRetired { get; set; }

    /// <summary>The words seen at positions that became variables because several plain words filled them; null when there are none.</summary>
    public List<WordTally>? Tallies { get; set; }

    public string Text => text ??= string.Join(' ', Tokens);

    /// <summary>Whether a token holds a variable inside quotes or brackets it opens and closes (<see cref="SpannedValues.IsDelimited"/>); remembered until the tokens change, since the miner asks on every line that fits no template.</summary>
    public bool HasDelimited => hasDelimited ??= SpannedValues.HasDelimited(Tokens);

    public TemplateCluster Live
    {
        get
        {
            var cluster = this;
            while (cluster.MergedInto is { } into)
            {
                cluster = into;
            }

            return cluster;
        }
    }

    public void SetToken(int position, string token)
    {
        Tokens[position] = token;
        text = null;
        hasDelimited = null;
    }

    public void Reshape(string[] tokens)
    {
        Tokens = tokens;
        Tallies = null;
        text = null;
        hasDelimited = null;
    }

    public void MergeInto(TemplateCluster survivor)
    {
        survivor.Count += Count;
        survivor.LastSeen = Math.Max(survivor.LastSeen, LastSeen);
        MergedInto = survivor;
    }

    public bool Fits(string[] tokens) => Wildcard.FitsAll(Tokens, tokens);

    public LogTemplate ToTemplate() => new(Id, Text, Count);

    public TemplateState ToState() => new(Id, [.. Tokens], Count, LastSeen);
}
