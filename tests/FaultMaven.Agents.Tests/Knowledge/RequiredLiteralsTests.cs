using FaultMaven.Agents.Knowledge;

namespace FaultMaven.Agents.Tests.Knowledge;

/// <summary>The literals a pattern cannot match without, on the constructs knowledge patterns use.</summary>
public sealed class RequiredLiteralsTests
{
    [Theory]
    [InlineData("Connection refused", "connection refused")]
    [InlineData(@"\bECONNREFUSED\b|Connection refused", "econnrefused,connection refused")]
    [InlineData(@"\bOOMKilled\b", "oomkilled")]
    [InlineData(@"status(Code)?[=: ]+503\b", "status")]
    [InlineData(@"colou?r timeout", "r timeout")]
    [InlineData(@"HikariPool-\d+ - Connection is not available", " - connection is not available")]
    [InlineData(@"(?:deadlock|lock wait) detected", " detected")]
    [InlineData(@"x(?:deadlock|lock wait)", "deadlock,lock wait")]
    [InlineData(@"[Ee]rror: no space", "error: no space")]
    [InlineData(@"time[- ]in[- ]gc", "time-in-gc,time-in gc,time in-gc,time in gc")]
    [InlineData(@"ab[cdefg]xyz", "xyz")]
    [InlineData(@"x[^y]abc", "abc")]
    [InlineData(@"[a-z]+ found", " found")]
    [InlineData(@"disk[_.\-]full", "disk_full,disk.full,disk-full")]
    [InlineData(@"(?i)timeout", "timeout")]
    [InlineData(@"(?<kind>Readiness|Liveness) probe", "readiness,liveness")]
    [InlineData(@"a{2}bc", "abc")]
    [InlineData(@"\(24: Too many open files\)", "(24: too many open files)")]
    [InlineData(@"\[Errno 28\]", "[errno 28]")]
    [InlineData("caf\u00e9 au lait", " au lait")]
    public void A_pattern_requires_these_literals(string pattern, string expected) =>
        Assert.Equal(expected.Split(','), RequiredLiterals.Of(pattern));

    [Theory]
    [InlineData(@"a|bcd", "a branch with no literal of three characters")]
    [InlineData(@"ab+c", "repetition splits the run into ab and bc")]
    [InlineData(@"(abc)?de", "the group is optional")]
    [InlineData(@"x(?=abcdef)", "a look-ahead is not part of the match")]
    [InlineData(@"(?<!abc)def|x", "one branch has no literal")]
    [InlineData(@"\x41BC", "a character by its code is left to the regex")]
    [InlineData(@"(?(abc)def|ghi)", "a conditional is not read")]
    [InlineData(@"abc)", "an unbalanced parenthesis")]
    [InlineData(@"(?x) a b c d", "whitespace is syntax under x")]
    [InlineData("\u00e9t\u00e9 x", "non-ASCII letters end runs (case folding beyond ASCII is the regex's)")]
    public void A_pattern_without_a_provable_literal_has_none(string pattern, string why)
    {
        var literals = RequiredLiterals.Of(pattern);
        Assert.True(literals is null, $"{why}: got {string.Join(", ", literals ?? [])}");
    }

    [Theory]
    [InlineData(@"\bOOMKilled\b", "oomkilled")]
    [InlineData(@""" \d{3} (UF|UH|UT|URX|UC|UO|NR|DC|LR|UAEX|UPE)[ ,]", "\" ")]
    [InlineData(@"(abc)?de", "de")]
    public void A_prefilter_settles_for_two_characters_when_a_pattern_has_no_three(string pattern, string expected) =>
        Assert.Equal(expected.Split(','), RequiredLiterals.ForPrefilter(pattern));

    [Fact]
    public void A_prefilter_takes_no_single_character() => Assert.Null(RequiredLiterals.ForPrefilter("a|bcd"));
}
