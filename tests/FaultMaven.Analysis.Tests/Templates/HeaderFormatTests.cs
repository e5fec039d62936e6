using FaultMaven.Analysis.Headers;

namespace FaultMaven.Analysis.Tests.Templates;

public sealed class HeaderFormatTests
{
    [Fact]
    public void Fields_and_content_are_read_from_a_loghub_layout()
    {
        var format = HeaderFormat.Parse("<Date> <Time> <Pid> <Level> <Component>: <Content>");

        var fields = format.FieldsOf("081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_3 terminating");

        Assert.NotNull(fields);
        Assert.Equal("148", fields["Pid"]);
        Assert.Equal("dfs.DataNode$PacketResponder", fields["Component"]);
        Assert.Equal("PacketResponder 1 for block blk_3 terminating", fields["Content"]);
    }

    [Fact]
    public void A_space_in_the_layout_matches_any_run_of_whitespace()
    {
        var format = HeaderFormat.Parse("<Date> <Time> <Pid> <Tid> <Level> <Component>: <Content>");

        Assert.Equal("acquire lock", format.ContentOf("03-17 16:13:38.819  1702  8671 D PowerManagerService: acquire lock"));
    }

    [Fact]
    public void Escaped_brackets_are_literal_and_optional_groups_are_allowed()
    {
        var format = HeaderFormat.Parse(@"<Component>(\[<Pid>\])?: <Content>");

        Assert.Equal("session closed", format.ContentOf("crond[2915]: session closed"));
        Assert.Equal("session closed", format.ContentOf("crond: session closed"));
    }

    [Fact]
    public void A_line_of_another_layout_has_no_content()
    {
        var format = HeaderFormat.Parse(@"\[<Time>\] <Program> - <Content>");

        Assert.Null(format.ContentOf("no header here"));
    }

    [Theory]
    [InlineData("<Date> <Time> <Level>")]
    [InlineData("<Date> <Date> <Content>")]
    [InlineData("<Date-Time> <Content>")]
    [InlineData("<Date> [<Content>")]
    public void A_layout_without_content_or_with_a_bad_field_or_pattern_is_rejected(string layout)
    {
        Assert.Throws<FormatException>(() => HeaderFormat.Parse(layout));
    }
}
