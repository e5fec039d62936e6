namespace FaultMaven.Analysis.Templates;

/// <summary>A template's tokens seen as literal tokens and runs of bare markers, so that lists of values of any length align.</summary>
internal static class VariableRuns
{
    /// <summary>One literal token (<see cref="RunLength"/> 0) or a run of that many bare markers.</summary>
    public readonly record struct Segment(string Token, int RunLength);

    public static List<Segment> Split(string[] tokens)
    {
        var segments = new List<Segment>();
        foreach (var token in tokens)
        {
            if (token != Wildcard.Marker)
            {
                segments.Add(new Segment(token, 0));
            }
            else if (segments.Count > 0 && segments[^1].RunLength > 0)
            {
                segments[^1] = segments[^1] with { RunLength = segments[^1].RunLength + 1 };
            }
            else
            {
                segments.Add(new Segment(token, 1));
            }
        }

        return segments;
    }

    /// <summary>How many segments <see cref="Split"/> makes of <paramref name="tokens"/>, without making them: templates that cannot align are ruled out by it.</summary>
    public static int CountSegments(string[] tokens)
    {
        var count = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            count += tokens[i] != Wildcard.Marker || i == 0 || tokens[i - 1] != Wildcard.Marker ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// The template's tokens with every run whose length differs in the message collapsed to one marker, when the two
    /// align segment by segment and share a literal word; otherwise null.
    /// </summary>
    public static string[]? Align(List<Segment> template, List<Segment> message)
    {
        if (template.Count != message.Count)
        {
            return null;
        }

        var aligned = new List<string>();
        var sharesWord = false;
        for (var i = 0; i < template.Count; i++)
        {
            var (token, runLength) = template[i];
            if ((runLength > 0) != (message[i].RunLength > 0))
            {
                return null;
            }

            if (runLength == 0)
            {
                if (!Wildcard.Fits(token, message[i].Token))
                {
                    return null;
                }

                sharesWord |= token.Any(char.IsAsciiLetter);
                aligned.Add(token);
            }
            else
            {
                aligned.AddRange(Enumerable.Repeat(Wildcard.Marker, runLength == message[i].RunLength ? runLength : 1));
            }
        }

        return sharesWord ? [.. aligned] : null;
    }
}
