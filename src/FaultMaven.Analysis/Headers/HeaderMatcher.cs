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

    // Literal text every matching line contains (outside optional groups): most lines of another layout lack one, and fail here.
    private readonly string[] required;

    private HeaderMatcher(Step[] steps)
    {
        this.steps = steps;
        var optionalEnd = 0;
        var required = new List<string>();
        for (var i = 0; i < steps.Length; i++)
        {
            if (steps[i].Op == Op.Optional)
            {
                optionalEnd = Math.Max(optionalEnd, steps[i].Skip);
            }
            else if (steps[i].Op == Op.Literal && i >= optionalEnd)
            {
                required.Add(steps[i].Text!);
            }
        }

        this.required = [.. required];
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
        foreach (var literal in required)
        {
            if (!text.Contains(literal, StringComparison.Ordinal))
            {
                return false;
            }
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

            for (var end = position; end <= limit; end++)
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
