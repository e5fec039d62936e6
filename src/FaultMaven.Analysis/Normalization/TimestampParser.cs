using System.Globalization;

namespace FaultMaven.Analysis.Normalization;

/// <summary>Reads the timestamp spellings of common log formats; a missing zone means UTC, a missing year or date comes from when the record arrived.</summary>
public static class TimestampParser
{
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>ISO 8601 / RFC 3339 and their log variants: space for <c>T</c>, comma fractions, <c>/</c> or <c>.</c> date separators (nginx, ClickHouse), <c>UTC</c> suffix.</summary>
    public static bool TryParseIso(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        text = text.Trim();
        return (TryParseIsoPrefix(text, out value, out var consumed) && consumed == text.Length) || FallbackParse(text, out value);
    }

    /// <summary>An ISO 8601 timestamp at the start of <paramref name="text"/> (as in <see cref="TryParseIso"/>), and how many characters it takes.</summary>
    public static bool TryParseIsoPrefix(ReadOnlySpan<char> text, out DateTimeOffset value, out int consumed)
    {
        value = default;
        consumed = 0;
        if (text.Length < 19
            || !TryDigits(text[..4], out var year) || text[4] is not ('-' or '/' or '.')
            || !TryDigits(text.Slice(5, 2), out var month) || text[7] != text[4]
            || !TryDigits(text.Slice(8, 2), out var day) || (text[10] != 'T' && text[10] != ' ')
            || !TryTimeOfDay(text[11..], out var time, out var timeLength)
            || !IsValidDate(year, month, day))
        {
            return false;
        }

        var zone = ZoneLength(text[(11 + timeLength)..]);
        if (!TryZone(text.Slice(11 + timeLength, zone), out var offset))
        {
            return false;
        }

        consumed = 11 + timeLength + zone;
        return TryCreate(new DateTime(year, month, day).Add(time), offset, out value);
    }

    /// <summary>Syslog's <c>Jan  2 15:04:05</c> (no year, no zone).</summary>
    public static bool TryParseSyslog(ReadOnlySpan<char> text, DateTimeOffset receivedAt, out DateTimeOffset value)
    {
        value = default;
        text = text.Trim();
        if (text.Length < 15 || !TryMonth(text[..3], out var month))
        {
            return false;
        }

        var rest = text[3..].TrimStart();
        var space = rest.IndexOf(' ');
        if (space < 1 || !TryDigits(rest[..space], out var day) || !TryTimeOfDay(rest[(space + 1)..], out var time, out var consumed) || consumed != rest.Length - space - 1)
        {
            return false;
        }

        return TryWithInferredYear(month, day, time, receivedAt, out value);
    }

    /// <summary>
    /// IBM's timestamp string, as DB2 and Blue Gene/L's RAS log write it: <c>2005-06-03-15.42.50.363779</c> (a dash
    /// between date and time, dots in the time, up to nine fraction digits), read as UTC.
    /// </summary>
    public static bool TryParseDb2(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        text = text.Trim();
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || text[10] != '-' || text[13] != '.' || text[16] != '.'
            || !TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || !TryDigits(text.Slice(11, 2), out var hours) || !TryDigits(text.Slice(14, 2), out var minutes) || !TryDigits(text.Slice(17, 2), out var seconds)
            || hours > 23 || minutes > 59 || seconds > 60 || !IsValidDate(year, month, day))
        {
            return false;
        }

        var fraction = text[19..];
        if (!fraction.IsEmpty && (fraction[0] != '.' || fraction.Length is < 2 or > 10 || fraction[1..].ContainsAnyExceptInRange('0', '9')))
        {
            return false;
        }

        var ticks = fraction.IsEmpty ? 0 : FractionTicks(fraction[1..]);
        value = new DateTimeOffset(new DateTime(year, month, day, hours, minutes, Math.Min(seconds, 59)).AddTicks(ticks), TimeSpan.Zero);
        return true;
    }

    /// <summary>
    /// A day, an English month name and a year, then the time of day and an optional zone: Apache's and nginx's access
    /// logs (<c>10/Oct/2000:13:55:36 -0700</c>), and the same date with dashes and a space before the time as PHP's
    /// error log and java.util.logging's default formatter write it (<c>28-Nov-2026 14:02:11</c>,
    /// <c>28-Nov-2026 14:02:11.123</c>). The two separators of the date are the same character.
    /// </summary>
    public static bool TryParseDayMonthName(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        text = text.Trim();
        if (text.Length < 20 || text[2] is not ('/' or '-') || text[6] != text[2] || text[11] is not (':' or ' ')
            || !TryDigits(text[..2], out var day) || !TryMonth(text.Slice(3, 3), out var month) || !TryDigits(text.Slice(7, 4), out var year)
            || !TryTimeOfDay(text[12..], out var time, out var consumed) || !TryZone(text[(12 + consumed)..], out var offset) || !IsValidDate(year, month, day))
        {
            return false;
        }

        return TryCreate(new DateTime(year, month, day).Add(time), offset, out value);
    }

    /// <summary>Apache error logs: <c>Wed Oct 11 14:32:52.123456 2000</c>.</summary>
    public static bool TryParseCtime(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        text = text.Trim();
        var lastSpace = text.LastIndexOf(' ');
        if (text.Length < 24 || lastSpace < 0 || !TryDigits(text[(lastSpace + 1)..], out var year) || year is < 1 or > 9999
            || !TryParseSyslog(text[4..lastSpace], new DateTimeOffset(year, 12, 31, 0, 0, 0, TimeSpan.Zero), out var withoutYear))
        {
            return false;
        }

        value = withoutYear.AddYears(year - withoutYear.Year);
        return true;
    }

    /// <summary>Month and day without a year: klog's <c>0102 15:04:05.123456</c>, Android logcat's <c>01-02 15:04:05.123</c>, Proxifier's <c>01.02 15:04:05</c>.</summary>
    public static bool TryParseMonthDay(ReadOnlySpan<char> text, DateTimeOffset receivedAt, out DateTimeOffset value)
    {
        value = default;
        var dayStart = text.Length > 2 && text[2] is '-' or '.' ? 3 : 2;
        return text.Length >= dayStart + 11 && text[dayStart + 2] == ' '
            && TryDigits(text[..2], out var month) && TryDigits(text.Slice(dayStart, 2), out var day)
            && TryTimeOfDay(text[(dayStart + 3)..], out var time, out _)
            && TryWithInferredYear(month, day, time, receivedAt, out value);
    }

    /// <summary>log4j's <c>yy/MM/dd HH:mm:ss</c>, as Hadoop and Spark write it.</summary>
    public static bool TryParseShortYear(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        const int Century = 2000;
        if (text.Length < 17 || text[2] != '/' || text[5] != '/' || text[8] != ' '
            || !TryDigits(text[..2], out var year) || !TryDigits(text.Slice(3, 2), out var month) || !TryDigits(text.Slice(6, 2), out var day)
            || !IsValidDate(Century + year, month, day) || !TryTimeOfDay(text[9..], out var time, out _))
        {
            return false;
        }

        value = new DateTimeOffset(new DateTime(Century + year, month, day).Add(time), TimeSpan.Zero);
        return true;
    }

    /// <summary>Digits without separators: HDFS's <c>yyMMdd HHmmss</c> and <c>yyyyMMdd-HH:mm:ss:fff</c> as mobile health apps write it.</summary>
    public static bool TryParseCompactDate(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        const int Century = 2000;
        if (text.Length == 13 && text[6] == ' '
            && TryDigits(text[..2], out var shortYear) && TryDigits(text.Slice(2, 2), out var month) && TryDigits(text.Slice(4, 2), out var day)
            && TryDigits(text.Slice(7, 2), out var hours) && TryDigits(text.Slice(9, 2), out var minutes) && TryDigits(text.Slice(11, 2), out var seconds))
        {
            return TryFromParts(Century + shortYear, month, day, hours, minutes, seconds, 0, out value);
        }

        return text.Length == 21 && text[8] == '-' && text[11] == ':' && text[14] == ':' && text[17] == ':'
            && TryDigits(text[..4], out var year) && TryDigits(text.Slice(4, 2), out month) && TryDigits(text.Slice(6, 2), out day)
            && TryDigits(text.Slice(9, 2), out hours) && TryDigits(text.Slice(12, 2), out minutes) && TryDigits(text.Slice(15, 2), out seconds)
            && TryDigits(text.Slice(18, 3), out var milliseconds)
            && TryFromParts(year, month, day, hours, minutes, seconds, milliseconds, out value);
    }

    /// <summary>
    /// The spellings header layouts put in their date and time fields (read as one text, date first): any of
    /// <see cref="TryParseIso"/>, <see cref="TryParseShortYear"/>, <see cref="TryParseMonthDay"/>, <see cref="TryParseCompactDate"/>,
    /// <see cref="TryParseSyslog"/>, <see cref="TryParseCtime"/>, <see cref="TryParseDayMonthName"/>, <see cref="TryParseDb2"/>,
    /// <see cref="TryParseTimeOfDay"/>; each rejects another's shape in a few comparisons.
    /// </summary>
    public static bool TryParseHeader(ReadOnlySpan<char> text, DateTimeOffset receivedAt, out DateTimeOffset value) =>
        TryParseIso(text, out value) || TryParseShortYear(text, out value) || TryParseMonthDay(text, receivedAt, out value)
        || TryParseCompactDate(text, out value) || TryParseSyslog(text, receivedAt, out value) || TryParseCtime(text, out value)
        || TryParseDayMonthName(text, out value) || TryParseDb2(text, out value) || TryParseTimeOfDay(text, receivedAt, out value);

    /// <summary>
    /// A bare time of day (<c>10:00:00.123</c>, or with its zone as Jenkins writes it after the date: <c>14:02:12.362+0000</c>),
    /// dated the day the record arrived, or the day before when that would be in the future.
    /// </summary>
    public static bool TryParseTimeOfDay(ReadOnlySpan<char> text, DateTimeOffset receivedAt, out DateTimeOffset value)
    {
        value = default;
        text = text.Trim();
        var offset = TimeSpan.Zero;
        if (!TryTimeOfDay(text, out var time, out var consumed) || (consumed != text.Length && (text[consumed] is ' ' || !TryZone(text[consumed..], out offset))))
        {
            return false;
        }

        var received = receivedAt.ToUniversalTime();
        value = new DateTimeOffset(received.Date.Add(time - offset), TimeSpan.Zero);
        if (value - received > TimeSpan.FromHours(1) && value.Date > DateTime.MinValue)
        {
            value = value.AddDays(-1);
        }

        return true;
    }

    /// <summary>Epoch seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude.</summary>
    public static bool TryFromEpoch(double epoch, out DateTimeOffset value)
    {
        value = default;
        var absolute = Math.Abs(epoch);
        var milliseconds = absolute switch
        {
            < 1e11 => epoch * 1e3,
            < 1e14 => epoch,
            < 1e17 => epoch / 1e3,
            _ => epoch / 1e6,
        };
        if (double.IsNaN(milliseconds) || milliseconds < -62_135_596_800_000d || milliseconds > 253_402_300_799_000d)
        {
            return false;
        }

        value = DateTimeOffset.UnixEpoch.AddTicks((long)(milliseconds * TimeSpan.TicksPerMillisecond));
        return true;
    }

    /// <summary>
    /// Epoch seconds with a fraction of one to nine digits (<c>1764338531.123</c>, <c>1320279566.452687</c>), as Squid's
    /// access log, Zeek and Python's <c>time.time()</c> write them; whole seconds alone are not read here.
    /// </summary>
    public static bool TryParseFractionalEpoch(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        var dot = text.IndexOf('.');
        var fraction = dot < 0 ? [] : text[(dot + 1)..];
        if (dot is < 1 or > 12 || fraction.Length is 0 or > 9 || text[..dot].ContainsAnyExceptInRange('0', '9') || fraction.ContainsAnyExceptInRange('0', '9')
            || !long.TryParse(text[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253_402_300_799)
        {
            return false;
        }

        value = DateTimeOffset.UnixEpoch.AddSeconds(seconds).AddTicks(FractionTicks(fraction));
        return true;
    }

    /// <summary>Any of the shapes above that carry their own date, or an epoch number.</summary>
    public static bool TryParseAny(ReadOnlySpan<char> text, DateTimeOffset receivedAt, out DateTimeOffset value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
        {
            return TryFromEpoch(epoch, out value);
        }

        return TryParseIso(text, out value) || TryParseDayMonthName(text, out value) || TryParseSyslog(text, receivedAt, out value);
    }

    private static bool TryFromParts(int year, int month, int day, int hours, int minutes, int seconds, int milliseconds, out DateTimeOffset value)
    {
        value = default;
        if (!IsValidDate(year, month, day) || hours > 23 || minutes > 59 || seconds > 60)
        {
            return false;
        }

        value = new DateTimeOffset(new DateTime(year, month, day, hours, minutes, Math.Min(seconds, 59), milliseconds), TimeSpan.Zero);
        return true;
    }

    // Year 1 with a positive offset (or 9999 with a negative one) has no UTC instant; such text is not a usable timestamp.
    private static bool TryCreate(DateTime local, TimeSpan offset, out DateTimeOffset value)
    {
        var utcTicks = local.Ticks - offset.Ticks;
        var representable = utcTicks >= DateTime.MinValue.Ticks && utcTicks <= DateTime.MaxValue.Ticks;
        value = representable ? new DateTimeOffset(utcTicks, TimeSpan.Zero) : default;
        return representable;
    }

    private static bool TryWithInferredYear(int month, int day, TimeSpan time, DateTimeOffset receivedAt, out DateTimeOffset value)
    {
        value = default;
        var received = receivedAt.ToUniversalTime();
        var year = received.Year;
        if (!IsValidDate(year, month, day) && !IsValidDate(--year, month, day))
        {
            return false;
        }

        value = new DateTimeOffset(new DateTime(year, month, day).Add(time), TimeSpan.Zero);
        // A December line read in early January belongs to the previous year.
        if (value - received > TimeSpan.FromDays(2) && IsValidDate(year - 1, month, day))
        {
            value = value.AddYears(-1);
        }

        return true;
    }

    private static bool TryTimeOfDay(ReadOnlySpan<char> text, out TimeSpan time, out int consumed)
    {
        time = default;
        consumed = 0;
        if (text.Length < 8 || text[2] != ':' || text[5] != ':'
            || !TryDigits(text[..2], out var hours) || !TryDigits(text.Slice(3, 2), out var minutes) || !TryDigits(text.Slice(6, 2), out var seconds)
            || hours > 23 || minutes > 59 || seconds > 60)
        {
            return false;
        }

        consumed = 8;
        long fractionTicks = 0;
        if (text.Length > 9 && (text[8] == '.' || text[8] == ',') && char.IsAsciiDigit(text[9]))
        {
            var digits = text[9..].IndexOfAnyExceptInRange('0', '9') is var run and >= 0 ? run : text.Length - 9;
            fractionTicks = FractionTicks(text.Slice(9, digits));
            consumed = 9 + digits;
        }

        time = new TimeSpan(hours, minutes, Math.Min(seconds, 59)) + TimeSpan.FromTicks(fractionTicks);
        return true;
    }

    /// <summary>The ticks a second's decimal fraction of <paramref name="digits"/> (all digits) stands for; digits past the seventh are below a tick.</summary>
    private static long FractionTicks(ReadOnlySpan<char> digits)
    {
        long ticks = 0;
        var scale = TimeSpan.TicksPerSecond;
        foreach (var digit in digits)
        {
            scale /= 10;
            ticks += (digit - '0') * scale;
        }

        return ticks;
    }

    /// <summary>The length of the zone designator that starts <paramref name="text"/>: <c>Z</c>, <c>+01:00</c>, <c>+0100</c>, <c> UTC</c>, or none.</summary>
    private static int ZoneLength(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return 0;
        }

        if (text[0] is 'Z' or 'z')
        {
            return 1;
        }

        var spaced = text[0] == ' ' ? 1 : 0;
        var rest = text[spaced..];
        if (rest.StartsWith("UTC") || rest.StartsWith("GMT"))
        {
            return spaced + 3;
        }

        if (rest.IsEmpty || rest[0] is not ('+' or '-'))
        {
            return 0;
        }

        var length = 1;
        while (length < rest.Length && length < 6 && (char.IsAsciiDigit(rest[length]) || (rest[length] == ':' && length == 3)))
        {
            length++;
        }

        return length >= 3 ? spaced + length : 0;
    }

    private static bool TryZone(ReadOnlySpan<char> text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        text = text.TrimStart();
        if (text.IsEmpty || text is "Z" or "z" or "UTC" or "GMT")
        {
            return true;
        }

        if ((text[0] != '+' && text[0] != '-') || text.Length < 3 || !TryDigits(text.Slice(1, 2), out var hours))
        {
            return false;
        }

        var minutesText = text[3..];
        if (minutesText.Length > 0 && minutesText[0] == ':')
        {
            minutesText = minutesText[1..];
        }

        var minutes = 0;
        if (minutesText.Length != 0 && (minutesText.Length != 2 || !TryDigits(minutesText, out minutes)))
        {
            return false;
        }

        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (text[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static bool FallbackParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        // Only dated text: DateTimeOffset.TryParse would date a bare time with the machine's clock.
        return text.Length >= 10 && TryDigits(text[..4], out _) && text[4] is '-' or '/'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static bool TryMonth(ReadOnlySpan<char> text, out int month)
    {
        Span<char> lower = stackalloc char[3];
        month = 0;
        if (text.Length != 3)
        {
            return false;
        }

        text.ToLowerInvariant(lower);
        for (var i = 0; i < MonthNames.Length; i++)
        {
            if (lower.SequenceEqual(MonthNames[i]))
            {
                month = i + 1;
                return true;
            }
        }

        return false;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 9)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool IsValidDate(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
}
