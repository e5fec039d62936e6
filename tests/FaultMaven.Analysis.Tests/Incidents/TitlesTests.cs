using FaultMaven.Analysis.Incidents;

namespace FaultMaven.Analysis.Tests.Incidents;

public sealed class TitlesTests
{
    [Fact]
    public void A_long_template_becomes_its_first_line_cut_at_a_word_within_the_limit()
    {
        var template = string.Join(' ', Enumerable.Repeat("upstream <*> closed the connection while reading the response header", 5)) + "\nsecond line";

        var title = Titles.Of(template);

        Assert.True(title.Length <= Titles.MaxLength, title);
        Assert.DoesNotContain('\n', title);
        Assert.StartsWith("upstream <*> closed the connection", title);
        Assert.EndsWith("…", title);
    }

    [Theory]
    [InlineData("Unhandled exception. System.InvalidOperationException: Sequence contains no elements", "api", "InvalidOperationException in api (System)")]
    [InlineData("Traceback ... ValueError: bad literal", null, "ValueError")]
    [InlineData("short message", "api", "short message")]
    public void An_exception_class_names_the_problem(string text, string? service, string expected)
    {
        Assert.Equal(expected, Titles.Of(text, service));
    }
}
