namespace FaultMaven.Analysis.Normalization;

/// <summary>
/// The date a record's own lines give, for the timestamps that leave the year or the day out (syslog, journald short,
/// klog, a time of day): the latest <c>yyyy-MM-dd</c> or <c>yyyy/MM/dd</c> near the start of a line, at the end of that
/// day; the record's arrival time when no line has one. Found on first use, so records that never need it are not scanned.
/// </summary>
internal sealed class InputDates(IReadOnlyList<LogLine> lines, DateTimeOffset receivedAt)
{
    /// <summary>How far into a line a date is looked for: past a container prefix, not into the message.</summary>
    private const int SearchWidth = 64;

    private DateTimeOffset? reference;

    public DateTimeOffset Reference => reference ??= Find();

    private DateTimeOffset Find()
    {
        DateOnly? latest = null;
        foreach (var line in lines)
        {
            var bytes = line.Utf8.Span;
            bytes = bytes[..Math.Min(bytes.Length, SearchWidth)];
            for (var i = 0; i + 10 <= bytes.Length; i++)
            {
                if (TryDate(bytes.Slice(i, 10), out var date) && (i == 0 || !char.IsAsciiDigit((char)bytes[i - 1])))
                {
                    latest = latest is { } known && known > date ? known : date;
                    break;
                }
            }
        }

        return latest is { } day ? new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero) : receivedAt;
    }

    private static bool TryDate(ReadOnlySpan<byte> text, out DateOnly date)
    {
        date = default;
        var separator = text[4];
        if (separator is not ((byte)'-' or (byte)'/') || text[7] != separator
            || !TryNumber(text[..4], out var year) || !TryNumber(text.Slice(5, 2), out var month) || !TryNumber(text.Slice(8, 2), out var day))
        {
            return false;
        }

        return year >= 1970 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && (date = new DateOnly(year, month, day)) != default;
    }

    private static bool TryNumber(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (digit - '0');
        }

        return true;
    }
}
