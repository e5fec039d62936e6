using FaultMaven.Analysis.Normalization;

namespace FaultMaven.Analysis.Tests.Normalization;

public sealed class TimestampParserTests
{
    private static readonly DateTimeOffset NewYear = new(2024, 1, 1, 0, 5, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2024-01-02T10:00:00Z", "2024-01-02T10:00:00.0000000+00:00")]
    [InlineData("2024-01-02T10:00:00.123456789+02:00", "2024-01-02T08:00:00.1234567+00:00")]
    [InlineData("2024-01-02 10:00:00,5", "2024-01-02T10:00:00.5000000+00:00")]
    [InlineData("2024-01-02 10:00:00 UTC", "2024-01-02T10:00:00.0000000+00:00")]
    [InlineData("2024/01/02 10:00:00", "2024-01-02T10:00:00.0000000+00:00")]
    [InlineData("2024-01-02T10:00:00-0530", "2024-01-02T15:30:00.0000000+00:00")]
    public void Iso_8601_variants_without_a_zone_are_utc(string text, string expected)
    {
        Assert.True(TimestampParser.TryParseIso(text, out var value));
        Assert.Equal(expected, value.ToString("O"));
    }

    [Fact]
    public void A_december_syslog_date_read_in_january_belongs_to_the_previous_year()
    {
        Assert.True(TimestampParser.TryParseSyslog("Dec 31 23:59:58", NewYear, out var value));
        Assert.Equal(new DateTimeOffset(2023, 12, 31, 23, 59, 58, TimeSpan.Zero), value);
    }

    [Fact]
    public void A_syslog_date_takes_the_year_of_arrival()
    {
        Assert.True(TimestampParser.TryParseSyslog("Jan  1 00:04:00", NewYear, out var value));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 4, 0, TimeSpan.Zero), value);
    }

    [Fact]
    public void A_time_of_day_after_the_arrival_time_is_from_the_day_before()
    {
        Assert.True(TimestampParser.TryParseTimeOfDay("23:59:59.500", NewYear, out var value));
        Assert.Equal(new DateTimeOffset(2023, 12, 31, 23, 59, 59, 500, TimeSpan.Zero), value);
    }

    [Fact]
    public void Apache_timestamps_carry_their_own_offset()
    {
        Assert.True(TimestampParser.TryParseDayMonthName("10/Oct/2000:13:55:36 -0700", out var value));
        Assert.Equal(new DateTimeOffset(2000, 10, 10, 20, 55, 36, TimeSpan.Zero), value);
    }

    /// <summary>PHP's error log and java.util.logging write the month's name between dashes, and a space before the time.</summary>
    [Theory]
    [InlineData("28-Nov-2026 14:02:11", 0)]
    [InlineData("28-Nov-2026 14:02:11.123", 123)]
    [InlineData("28/Nov/2026:14:02:11 +0000", 0)]
    public void A_date_with_the_months_name_between_dashes_or_slashes_is_read_in_header_fields(string text, int milliseconds)
    {
        Assert.True(TimestampParser.TryParseHeader(text, DateTimeOffset.UnixEpoch, out var value));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 14, 2, 11, milliseconds, TimeSpan.Zero), value);
        Assert.False(TimestampParser.TryParseDayMonthName("28-Nov/2026 14:02:11", out _));
    }

    [Theory]
    [InlineData("2005-06-03-15.42.50.363779", 3_637_790L)]
    [InlineData("2005-06-03-15.42.50", 0L)]
    public void Ibm_timestamp_strings_are_read_in_header_fields(string text, long ticks)
    {
        Assert.True(TimestampParser.TryParseHeader(text, DateTimeOffset.UnixEpoch, out var value));
        Assert.Equal(new DateTimeOffset(2005, 6, 3, 15, 42, 50, TimeSpan.Zero).AddTicks(ticks), value);
        Assert.False(TimestampParser.TryParseDb2("2005-06-03-15.42.50.", out _));
        Assert.False(TimestampParser.TryParseDb2("2005-06-03-25.42.50", out _));
    }

    [Fact]
    public void A_time_of_day_with_its_zone_is_read_in_utc()
    {
        var receivedAt = new DateTimeOffset(2026, 11, 28, 20, 0, 0, TimeSpan.Zero);

        Assert.True(TimestampParser.TryParseTimeOfDay("14:02:12.362+0100", receivedAt, out var value));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 13, 2, 12, 362, TimeSpan.Zero), value);
        Assert.True(TimestampParser.TryParseTimeOfDay("14:02:12Z", receivedAt, out value));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 14, 2, 12, TimeSpan.Zero), value);
        Assert.False(TimestampParser.TryParseTimeOfDay("14:02:12 worker", receivedAt, out _));
        Assert.False(TimestampParser.TryParseTimeOfDay("14:02:12+01:00x", receivedAt, out _));
    }

    [Theory]
    [InlineData("1795874560.683", 6_830_000L)]
    [InlineData("1795874560.452687", 4_526_870L)]
    [InlineData("1795874560.123456789", 1_234_567L)]
    public void Epoch_seconds_with_a_fraction_are_read_to_the_tick(string text, long ticks)
    {
        Assert.True(TimestampParser.TryParseFractionalEpoch(text, out var value));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795874560).AddTicks(ticks), value);
        Assert.False(TimestampParser.TryParseFractionalEpoch("1795874560", out _));
        Assert.False(TimestampParser.TryParseFractionalEpoch("1795874560.", out _));
        Assert.False(TimestampParser.TryParseFractionalEpoch("17958.745.60", out _));
    }

    [Theory]
    [InlineData(1704189600d)]
    [InlineData(1704189600000d)]
    [InlineData(1704189600000000d)]
    [InlineData(1704189600000000000d)]
    public void Epoch_seconds_milliseconds_microseconds_and_nanoseconds_are_told_apart(double epoch)
    {
        Assert.True(TimestampParser.TryFromEpoch(epoch, out var value));
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 10, 0, 0, TimeSpan.Zero), value);
    }

    [Theory]
    [InlineData("10:00:00")]
    [InlineData("2024-13-02T10:00:00Z")]
    [InlineData("2024-02-30 10:00:00")]
    [InlineData("not a date at all")]
    [InlineData("0001-01-01T00:00:00+05:00")]
    public void Text_that_is_not_a_full_date_is_not_an_iso_timestamp(string text) =>
        Assert.False(TimestampParser.TryParseIso(text, out _));

    [Fact]
    public void Random_date_like_text_never_makes_a_reader_throw()
    {
        const string Alphabet = "0123456789-/:.,+ TZUTCJanDecWed[]";
        Assert.True(TimestampParser.TryParseTimeOfDay("23:59:59", DateTimeOffset.MinValue, out _));
        Assert.True(TimestampParser.TryParseSyslog("Dec 31 23:59:59", DateTimeOffset.MaxValue, out _));
        Assert.True(TimestampParser.TryParseMonthDay("0101 00:00:00.000", DateTimeOffset.MinValue, out _));
        var random = new Random(99);
        var receivedAt = new[] { DateTimeOffset.MinValue, NewYear, DateTimeOffset.MaxValue };
        for (var i = 0; i < 20_000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            var at = receivedAt[random.Next(receivedAt.Length)];

            _ = TimestampParser.TryParseAny(text, at, out _) | TimestampParser.TryParseSyslog(text, at, out _) | TimestampParser.TryParseDayMonthName(text, out _)
                | TimestampParser.TryParseCtime(text, out _) | TimestampParser.TryParseMonthDay(text, at, out _) | TimestampParser.TryParseShortYear(text, out _)
                | TimestampParser.TryParseTimeOfDay(text, at, out _);
        }
    }
}
