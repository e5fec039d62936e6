using System.Buffers;
using System.Runtime.CompilerServices;

namespace FaultMaven.Analysis.Headers;

/// <summary>
/// A hand-written matcher for the layouts <see cref="HeaderFormat"/> compiles to a regular expression, for the shapes the
/// catalog uses (literal text, <c>\x</c> escapes, space runs, fields, <c>( … )?</c> groups). It finds the same fields as
/// the regular expression: fields are lazy, space runs and optional groups greedy, tried in the order a backtracking
/// engine tries them; a memo of failed (step, position) pairs, taken once a line backtracks a lot, keeps a line of
/// another layout at O(steps × length²) instead of exponential. Costs a few hundred nanoseconds on a matching line.
/// </summary>
internal sealed class HeaderMatcher
{
    // Below this many calls a line needs no memo; matching lines take a few dozen.
    private const int StepsBeforeMemo = 256;

    private readonly Step[] steps;

    /// <summary>
    /// The literal and space steps outside optional groups, in runs with no field or group between them: every matching
    /// line holds these runs in this order, so a line that does not is rejected before the backtracking search, which
    /// would otherwise try every way of spreading the fields over a line of another layout before it gives up.
    /// </summary>
    private readonly Step[][] skeleton;

    /// <summary>Whether the first run of <see cref="skeleton"/> is the first step, so it must start the line.</summary>
    private readonly bool anchored;

    private HeaderMatcher(Step[] steps)
    {
        this.steps = steps;
        var optionalEnd = 0;
        var runs = new List<Step[]>();
        var run = new List<Step>();
        for (var i = 0; i < steps.Length; i++)
        {
            if (i < optionalEnd)
            {
                continue;
            }

            if (steps[i].Op is Op.Literal or Op.Space)
            {
                anchored |= i == 0;
                run.Add(steps[i]);
                continue;
            }

            if (run.Count > 0)
            {
                runs.Add([.. run]);
                run.Clear();
            }

            if (steps[i].Op == Op.Optional)
            {
                optionalEnd = steps[i].Skip;
            }
        }

        skeleton = [.. runs];
    }

    private enum Op : byte
    {
        Literal,
        Space,
        Field,
        Optional,
        End,
    }

    /// <summary>The matcher for a layout split into literal segments and field names, or null when a literal uses regex syntax it does not know.</summary>
    /// <param name="literals">The text before each field, then the text after the last: one more than <paramref name="fieldCount"/>.</param>
    public static HeaderMatcher? TryCompile(IReadOnlyList<string> literals, int fieldCount)
    {
        var steps = new List<Step>();
        var groups = new Stack<(int Step, int FirstField)>();
        var field = 0;
        for (var segment = 0; segment < literals.Count; segment++)
        {
            if (!TryCompileLiteral(literals[segment], steps, groups, field))
            {
                return null;
            }

            if (segment < fieldCount)
            {
                steps.Add(new Step(Op.Field, Field: field++));
            }
        }

        if (groups.Count > 0)
        {
            return null;
        }

        steps.Add(new Step(Op.End));
        return new HeaderMatcher([.. steps]);
    }

    /// <summary>Matches the whole of <paramref name="text"/>; on success each field's range is in <paramref name="fields"/> (empty for a field of a skipped group).</summary>
    public bool TryMatch(ReadOnlySpan<char> text, Span<Range> fields)
    {
        if (!HoldsSkeleton(text))
        {
            return false;
        }

        var run = new Run(steps, text, fields);
        try
        {
            return run.Match(0, 0);
        }
        finally
        {
            run.Release();
        }
    }

    /// <summary>
    /// Whether <paramref name="text"/> holds the runs of <see cref="skeleton"/> in order, each placed where it ends
    /// soonest: the text between runs is free (a field, or a group that may be skipped), so a run that fits later leaves
    /// no more room for the rest. Only a necessary condition: fields are not kept off line feeds, nor the layout's end
    /// held to the line's.
    /// </summary>
    private bool HoldsSkeleton(ReadOnlySpan<char> text)
    {
        var position = 0;
        for (var i = 0; i < skeleton.Length; i++)
        {
            position = SoonestEnd(skeleton[i], text, position, anchored && i == 0);
            if (position < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The least end of an occurrence of <paramref name="run"/> starting at or after <paramref name="from"/> (at it, when <paramref name="atStart"/>), or -1.</summary>
    private static int SoonestEnd(Step[] run, ReadOnlySpan<char> text, int from, bool atStart)
    {
        var soonest = -1;
        var start = from;
        while (start <= text.Length && (soonest < 0 || start < soonest))
        {
            if (!atStart)
            {
                // Only where the run's first step can begin.
                start = run[0].Op == Op.Literal ? NextLiteral(text, start, run[0].Text!) : NextWhiteSpace(text, start);
                if (start < 0)
                {
                    break;
                }
            }

            var end = EndOf(run, 0, text, start);
            if (end >= 0 && (soonest < 0 || end < soonest))
            {
                soonest = end;
            }

            if (atStart)
            {
                break;
            }

            start++;
        }

        return soonest;
    }

    private static int NextLiteral(ReadOnlySpan<char> text, int from, string literal) => text[from..].IndexOf(literal, StringComparison.Ordinal) is var found and >= 0 ? from + found : -1;

    // A loop, not a SearchValues search: space runs come every few characters, and the set of white space outside
    // Latin-1 costs a search more to set up than this scan takes.
    private static int NextWhiteSpace(ReadOnlySpan<char> text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The least end of <paramref name="run"/> from its step <paramref name="index"/> matched at <paramref name="position"/>, or -1; a space step matches any part of a whitespace run, as in <see cref="Run"/>.</summary>
    private static int EndOf(Step[] run, int index, ReadOnlySpan<char> text, int position)
    {
        if (index == run.Length)
        {
            return position;
        }

        var step = run[index];
        if (step.Op == Op.Literal)
        {
            return text[position..].StartsWith(step.Text, StringComparison.Ordinal) ? EndOf(run, index + 1, text, position + step.Text!.Length) : -1;
        }

        var whiteSpaceEnd = position;
        while (whiteSpaceEnd < text.Length && char.IsWhiteSpace(text[whiteSpaceEnd]))
        {
            whiteSpaceEnd++;
        }

        var least = -1;
        for (var end = position + 1; end <= whiteSpaceEnd; end++)
        {
            var rest = EndOf(run, index + 1, text, end);
            if (rest >= 0 && (least < 0 || rest < least))
            {
                least = rest;
            }
        }

        return least;
    }

    private static bool TryCompileLiteral(string literal, List<Step> steps, Stack<(int Step, int FirstField)> groups, int nextField)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < literal.Length; i++)
        {
            var c = literal[i];
            switch (c)
            {
                case ' ':
                    while (i + 1 < literal.Length && literal[i + 1] == ' ')
                    {
                        i++;
                    }

                    Flush(text, steps);
                    steps.Add(new Step(Op.Space));
                    break;
                case '\\' when i + 1 < literal.Length && !char.IsAsciiLetterOrDigit(literal[i + 1]):
                    text.Append(literal[++i]);
                    break;
                case '(' when i + 1 < literal.Length && literal[i + 1] != '?':
                    Flush(text, steps);
                    groups.Push((steps.Count, nextField));
                    steps.Add(new Step(Op.Optional));
                    break;
                case ')' when i + 1 < literal.Length && literal[i + 1] == '?' && groups.Count > 0:
                    Flush(text, steps);
                    var (start, firstField) = groups.Pop();
                    steps[start] = new Step(Op.Optional, Skip: steps.Count, Field: firstField, FieldEnd: nextField);
                    i++;
                    break;
                case '\\' or '(' or ')' or '.' or '*' or '+' or '?' or '|' or '[' or ']' or '{' or '}' or '^' or '$' or '#':
                    return false;
                default:
                    text.Append(c);
                    break;
            }
        }

        Flush(text, steps);
        return true;
    }

    private static void Flush(System.Text.StringBuilder text, List<Step> steps)
    {
        if (text.Length > 0)
        {
            steps.Add(new Step(Op.Literal, text.ToString()));
            text.Clear();
        }
    }

    /// <param name="Field">The field a Field step captures; for an Optional step, the first field inside the group.</param>
    /// <param name="FieldEnd">For an Optional step: one past the last field inside the group.</param>
    /// <param name="Skip">For an Optional step: the step after the group.</param>
    private readonly record struct Step(Op Op, string? Text = null, int Field = 0, int FieldEnd = 0, int Skip = 0);

    private ref struct Run(Step[] steps, ReadOnlySpan<char> text, Span<Range> fields)
    {
        private readonly ReadOnlySpan<char> text = text;
        private readonly Span<Range> fields = fields;
        private bool[]? failed;
        private int calls;
        private int newlineScannedFrom = int.MaxValue;
        private int lineEnd;

        public readonly void Release()
        {
            if (failed is not null)
            {
                ArrayPool<bool>.Shared.Return(failed);
            }
        }

        // Compiled optimized at once, as MatchStep and MatchField: see MaskedLine.Load.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Match(int index, int position)
        {
            if (failed is null && ++calls > StepsBeforeMemo)
            {
                var size = steps.Length * (text.Length + 1);
                failed = ArrayPool<bool>.Shared.Rent(size);
                Array.Clear(failed, 0, size);
            }

            var memo = (index * (text.Length + 1)) + position;
            if (failed is not null && failed[memo])
            {
                return false;
            }

            var matched = MatchStep(index, position);
            if (!matched && failed is not null)
            {
                failed[memo] = true;
            }

            return matched;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private bool MatchStep(int index, int position)
        {
            var step = steps[index];
            switch (step.Op)
            {
                case Op.End:
                    return position == text.Length;
                case Op.Literal:
                    return text[position..].StartsWith(step.Text, StringComparison.Ordinal) && Match(index + 1, position + step.Text!.Length);
                case Op.Space:
                    var run = position;
                    while (run < text.Length && char.IsWhiteSpace(text[run]))
                    {
                        run++;
                    }

                    for (var end = run; end > position; end--)
                    {
                        if (Match(index + 1, end))
                        {
                            return true;
                        }
                    }

                    return false;
                case Op.Optional:
                    if (Match(index + 1, position))
                    {
                        return true;
                    }

                    fields[step.Field..step.FieldEnd].Clear();
                    return Match(step.Skip, position);
                default:
                    return MatchField(index, step.Field, position);
            }
        }

        /// <summary>
        /// The first line feed at or after <paramref name="position"/>, or the end of the text. Fields are tried left to
        /// right, so one search usually serves every field of a line instead of each field searching the rest of it.
        /// </summary>
        private int LineEnd(int position)
        {
            if (position < newlineScannedFrom || position > lineEnd)
            {
                var newline = text[position..].IndexOf('\n');
                lineEnd = newline < 0 ? text.Length : position + newline;
                newlineScannedFrom = position;
            }

            return lineEnd;
        }

        // Lazy: the shortest field first, trying only ends where the next step can begin; like '.', never across a line feed.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private bool MatchField(int index, int field, int position)
        {
            var limit = LineEnd(position);
            var next = steps[index + 1];
            if (next.Op == Op.End)
            {
                fields[field] = position..limit;
                return limit == text.Length;
            }

            // A field right after another takes at least one character (HeaderFormat's regular expression agrees).
            for (var end = next.Op == Op.Field ? position + 1 : position; end <= limit; end++)
            {
                if (next.Op == Op.Literal)
                {
                    var found = text[end..limit].IndexOf(next.Text, StringComparison.Ordinal);
                    if (found < 0)
                    {
                        return false;
                    }

                    end += found;
                }
                else if (next.Op == Op.Space && (end == limit || !char.IsWhiteSpace(text[end])))
                {
                    continue;
                }

                fields[field] = position..end;
                if (Match(index + 1, end))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
