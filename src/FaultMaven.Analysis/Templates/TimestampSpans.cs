using System.Buffers;
using System.Runtime.CompilerServices;

namespace FaultMaven.Analysis.Templates;

/// <summary>
/// Timestamps written inside a message, spanning one or more words: ctime (<c>Sun Jul 17 15:09:15 2005</c>,
/// <c>Fri Dec 10 19:02:14 EST 2004</c>), RFC 1123 (<c>Sun, 17 Jul 2005 15:09:15 GMT</c>), ISO date and time
/// (<c>2024-05-06 09:31:16</c>, <c>2024-05-06T09:31:16Z</c>, with dots <c>2024.05.06 09:31:16</c>), a date with the
/// month's name (<c>28-Nov-2026 14:02:11</c>), IBM's (<c>2005-06-03-15.42.50.363779</c>), the access-log form (<c>[17/Jul/2005:15:09:15 +0200]</c>)
/// and the clock network devices print (<c>10:15:42 UTC Wed Dec 2 2026</c>, Cisco IOS's).
/// Each is one variable, so that a month or weekday name never splits templates. A span needs a time of day, so a
/// bare <c>May</c> or <c>Jul 17</c> stays text.
/// </summary>
internal static class TimestampSpans
{
    private static readonly SearchValues<char> Openers = SearchValues.Create("([{'\"");
    private static readonly SearchValues<char> Closers = SearchValues.Create(")]}'\",;.");
    private static readonly string[] Weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] LongWeekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    private static readonly string[] LongMonths =
        ["january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december"];

    private enum Kind { Other, Weekday, Month, Day, Year, Time, Date, DateTime, Zone }

    /// <summary>The index of the last word of a timestamp starting at word <paramref name="first"/>, or -1 when none starts there.</summary>
    public static int End(ReadOnlySpan<char> content, ReadOnlySpan<Range> words, int first)
    {
        var word = content[words[first]];
        if (!CanStart(word, content, words, first))
        {
            return -1;
        }

        var kind = KindOf(word);
        if (kind == Kind.Time)
        {
            // Cisco IOS's clock: time, zone, weekday, month, day, year.
            return Next(content, words, first) == Kind.Zone && At(content, words, first + 2) == Kind.Weekday && At(content, words, first + 3) == Kind.Month
                && At(content, words, first + 4) == Kind.Day && At(content, words, first + 5) == Kind.Year ? first + 5 : -1;
        }

        if (kind is Kind.Other or Kind.Zone or Kind.Day or Kind.Year)
        {
            return -1;
        }

        var i = first;
        if (kind == Kind.DateTime)
        {
            return WithZone(content, words, i);
        }

        if (kind == Kind.Date)
        {
            return Next(content, words, i) == Kind.Time ? WithZone(content, words, i + 1) : -1;
        }

        if (kind == Kind.Weekday)
        {
            i++;
            kind = At(content, words, i);
        }

        if (kind == Kind.Month && At(content, words, i + 1) == Kind.Day && At(content, words, i + 2) == Kind.Time)
        {
            // ctime: the year may come before or after the zone.
            var end = i + 2;
            end = At(content, words, end + 1) == Kind.Year ? end + 1 : end;
            end = At(content, words, end + 1) == Kind.Zone ? end + 1 : end;
            return At(content, words, end + 1) == Kind.Year ? end + 1 : end;
        }

        if (kind == Kind.Day && At(content, words, i + 1) == Kind.Month && At(content, words, i + 2) == Kind.Year && At(content, words, i + 3) == Kind.Time)
        {
            return WithZone(content, words, i + 3);
        }

        return -1;
    }

    /// <summary>
    /// A cheap test that rules out most words, since it runs on every word of every line: a timestamp starts with a
    /// date's digits and separators, or a time before a capitalised word (a zone), or with a name of 3 to 10 letters followed by a word that starts with a digit
    /// (a day), or by another name and then a digit (a weekday before the month).
    /// </summary>
    private static bool CanStart(ReadOnlySpan<char> word, ReadOnlySpan<char> content, ReadOnlySpan<Range> words, int first)
    {
        var start = TokenMasking.FirstNotIn(word, Openers);
        if (start < 0)
        {
            return false;
        }

        if (!char.IsAsciiLetter(word[start]))
        {
            return char.IsAsciiDigit(word[start])
                && ((word.Length >= 10 && word.ContainsAny('-', '/', '.'))
                    || (word.Contains(':') && first + 1 < words.Length && char.IsAsciiLetterUpper(content[words[first + 1]][0])));
        }

        if (word.Length - start is < 3 or > 10 || first + 1 >= words.Length)
        {
            return false;
        }

        var next = content[words[first + 1]];
        return char.IsAsciiDigit(next[0])
            || (char.IsAsciiLetter(next[0]) && first + 2 < words.Length && char.IsAsciiDigit(content[words[first + 2]][0]));
    }

    private static int WithZone(ReadOnlySpan<char> content, ReadOnlySpan<Range> words, int last) =>
        At(content, words, last + 1) == Kind.Zone ? last + 1 : last;

    private static Kind Next(ReadOnlySpan<char> content, ReadOnlySpan<Range> words, int i) => At(content, words, i + 1);

    private static Kind At(ReadOnlySpan<char> content, ReadOnlySpan<Range> words, int i) =>
        i < words.Length ? KindOf(content[words[i]]) : Kind.Other;

    // Compiled optimized at once: see MaskedLine.Load (unoptimized, the span range helpers it calls box each character).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Kind KindOf(ReadOnlySpan<char> word)
    {
        var start = TokenMasking.FirstNotIn(word, Openers);
        if (start < 0)
        {
            return Kind.Other;
        }

        var end = TokenMasking.LastNotIn(word, Closers) + 1;
        var core = end > start ? word[start..end] : [];
        if (core.IsEmpty)
        {
            return Kind.Other;
        }

        if (char.IsAsciiLetter(core[0]))
        {
            return TokenMasking.IsOneOf(core, Months) || TokenMasking.IsOneOf(core, LongMonths) ? Kind.Month
                : TokenMasking.IsOneOf(core, Weekdays) || TokenMasking.IsOneOf(core, LongWeekdays) ? Kind.Weekday
                : IsZoneName(core) ? Kind.Zone
                : Kind.Other;
        }

        if (core[0] is '+' or '-')
        {
            return IsOffset(core[1..]) ? Kind.Zone : Kind.Other;
        }

        var digits = core.IndexOfAnyExceptInRange('0', '9');
        if (digits < 0)
        {
            return core.Length switch { 1 or 2 => Kind.Day, 4 => Kind.Year, _ => Kind.Other };
        }

        if (IsTime(core))
        {
            return Kind.Time;
        }

        return DateKind(core);
    }

    /// <summary>
    /// <c>2024-05-06</c>, <c>2024/05/06</c>, <c>2024.05.06</c> (ClickHouse), <c>28-Nov-2026</c> (PHP, java.util.logging);
    /// with <c>T</c> and a time, IBM's <c>2005-06-03-15.42.50.363779</c>, or the access-log <c>17/Jul/2005:15:09:15</c>,
    /// a whole date and time.
    /// </summary>
    private static Kind DateKind(ReadOnlySpan<char> core)
    {
        if (core.Length >= 10 && IsDigits(core[..4]) && core[4] is '-' or '/' or '.' && IsDigits(core.Slice(5, 2)) && core[7] == core[4] && IsDigits(core.Slice(8, 2)))
        {
            if (core.Length == 10)
            {
                return Kind.Date;
            }

            return (core[10] is 'T' or ' ' && IsTime(core[11..])) || (core[4] == '-' && core[10] == '-' && IsIbmTime(core[11..])) ? Kind.DateTime : Kind.Other;
        }

        if (core.Length == 11 && IsDigits(core[..2]) && core[2] is '-' or '/' && core[6] == core[2] && TokenMasking.IsOneOf(core.Slice(3, 3), Months) && IsDigits(core[7..]))
        {
            return Kind.Date;
        }

        // 17/Jul/2005:15:09:15
        var parts = core.IndexOf(':');
        if (parts > 0 && core[..parts] is var date && date.Count('/') == 2 && IsTime(core[(parts + 1)..]))
        {
            var firstSlash = date.IndexOf('/');
            var lastSlash = date.LastIndexOf('/');
            var month = date[(firstSlash + 1)..lastSlash];
            if (IsDigits(date[..firstSlash]) && IsDigits(date[(lastSlash + 1)..]) && (TokenMasking.IsOneOf(month, Months) || IsDigits(month)))
            {
                return Kind.DateTime;
            }
        }

        return Kind.Other;
    }

    /// <summary>IBM's time of day in a timestamp string: <c>15.42.50</c> and up to nine fraction digits.</summary>
    private static bool IsIbmTime(ReadOnlySpan<char> text) =>
        text.Length >= 8 && text[2] == '.' && text[5] == '.' && IsDigits(text[..2]) && IsDigits(text.Slice(3, 2)) && IsDigits(text.Slice(6, 2))
        && (text.Length == 8 || (text[8] == '.' && text.Length is > 9 and <= 18 && IsDigits(text[9..])));

    /// <summary><c>9:31</c>, <c>09:31:16</c>, <c>09:31:16.963</c>, <c>09:31:16,963</c>, with an optional <c>Z</c> or offset.</summary>
    private static bool IsTime(ReadOnlySpan<char> text)
    {
        var zone = text.IndexOfAny('Z', '+', '-');
        if (zone > 0)
        {
            if (text[zone] != 'Z' && !IsOffset(text[(zone + 1)..]))
            {
                return false;
            }

            if (text[zone] == 'Z' && zone != text.Length - 1)
            {
                return false;
            }

            text = text[..zone];
        }

        var fraction = text.IndexOfAny('.', ',');
        if (fraction > 0)
        {
            if (!IsDigits(text[(fraction + 1)..]))
            {
                return false;
            }

            text = text[..fraction];
        }

        var groups = 0;
        foreach (var range in text.Split(':'))
        {
            var group = text[range];
            if (group.Length is < 1 or > 2 || !IsDigits(group))
            {
                return false;
            }

            groups++;
        }

        return groups is 2 or 3;
    }

    private static bool IsOffset(ReadOnlySpan<char> text) =>
        (text.Length == 4 && IsDigits(text)) || (text.Length == 5 && text[2] == ':' && IsDigits(text[..2]) && IsDigits(text[3..]));

    // Compiled optimized at once: see MaskedLine.Load (unoptimized, the span range helpers it calls box each character).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsZoneName(ReadOnlySpan<char> core) =>
        core.Length is >= 2 and <= 5 && !core.ContainsAnyExceptInRange('A', 'Z') && (core.EndsWith("T") || core is "UTC" or "Z");

    // Compiled optimized at once: see MaskedLine.Load (unoptimized, the span range helpers it calls box each character).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsDigits(ReadOnlySpan<char> text) => text.Length > 0 && !text.ContainsAnyExceptInRange('0', '9');
}
