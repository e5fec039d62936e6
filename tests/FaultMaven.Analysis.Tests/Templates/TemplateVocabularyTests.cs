using FaultMaven.Analysis.Headers;
using FaultMaven.Analysis.Templates;

namespace FaultMaven.Analysis.Tests.Templates;

/// <summary>Constant or variable from evidence: a few recurring letters-only words are constants, rare or punctuated names are values.</summary>
public sealed class TemplateVocabularyTests
{
    private static readonly HeaderFormat NoHeader = HeaderFormat.Parse("<Content>");

    private static List<string> TemplatesOf(IEnumerable<string> lines)
    {
        var mined = LogMining.Mine([.. lines], NoHeader);
        return [.. Enumerable.Range(0, mined.LineCount).Select(i => mined.TemplateOfLine(i).Text)];
    }

    [Fact]
    public void Http_methods_that_each_recur_stay_separate_templates()
    {
        string[] methods = ["GET", "POST", "DELETE"];
        var lines = Enumerable.Range(0, 30).Select(i => $"10.0.0.{i % 7} \"{methods[i % 3]} /v2/servers/{i}\" status: 200 len: {100 + i}").ToList();

        var templates = TemplatesOf(lines);

        Assert.Equal(3, templates.Distinct().Count());
        Assert.Contains("<*> \"GET <*>\" status: <*> len: <*>", templates);
        Assert.Contains("<*> \"DELETE <*>\" status: <*> len: <*>", templates);
    }

    [Fact]
    public void States_merged_while_each_was_new_are_split_once_each_recurs()
    {
        string[] states = ["Started", "Paused", "Resumed", "Stopped"];
        var lines = Enumerable.Range(0, 40).Select(i => $"[instance: {i:x8}] VM {states[i % 4]} (Lifecycle Event)").ToList();

        var templates = TemplatesOf(lines);

        for (var i = 0; i < lines.Count; i++)
        {
            Assert.Equal($"[instance: <*>] VM {states[i % 4]} (Lifecycle Event)", templates[i]);
        }
    }

    [Fact]
    public void A_live_miner_revises_a_merged_word_into_constants_as_counts_grow()
    {
        var miner = new TemplateMiner();
        string[] daemons = ["cupsd", "syslogd", "sshd"];
        foreach (var daemon in daemons)
        {
            miner.Add($"{daemon} startup succeeded");
        }

        var mergedTemplates = miner.Templates.Count;
        for (var round = 0; round < 3; round++)
        {
            foreach (var daemon in daemons)
            {
                miner.Add($"{daemon} startup succeeded");
            }
        }

        Assert.Equal(1, mergedTemplates);
        Assert.Equal(["cupsd startup succeeded", "sshd startup succeeded", "syslogd startup succeeded"], miner.Templates.Select(t => t.Text).Order());
        Assert.Equal("syslogd startup succeeded", miner.Find(miner.Match("syslogd startup succeeded")!.Value)!.Text);
    }

    [Fact]
    public void User_names_that_are_mostly_new_are_one_variable_even_when_one_recurs()
    {
        var lines = Enumerable.Repeat("Failed password for root from 10.1.1.1 port 22 ssh2", 20)
            .Concat(new[] { "alice", "bob", "carol", "dave", "erin" }.Select(user => $"Failed password for {user} from 10.1.1.2 port 22 ssh2"))
            .ToList();

        var templates = TemplatesOf(lines);

        Assert.Single(templates.Distinct());
        Assert.Equal("Failed password for <*> from <*> port <*> ssh2", templates[0]);
    }

    [Fact]
    public void More_words_than_a_closed_vocabulary_holds_are_a_variable_even_when_each_recurs()
    {
        string[] queues = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];
        var lines = Enumerable.Range(0, 100).Select(i => $"queue {queues[i % queues.Length]} drained").ToList();

        var templates = TemplatesOf(lines);

        Assert.Equal("queue <*> drained", templates[^1]);
    }

    [Fact]
    public void Qualified_names_are_values_even_when_they_recur()
    {
        string[] jobs = ["com.example.billing.nightly:", "com.example.search.reindex:", "org.acme.cache.evict:"];
        var lines = Enumerable.Range(0, 30).Select(i => $"{jobs[i % 3]} scheduler told me to run this job").ToList();

        var templates = TemplatesOf(lines);

        Assert.Single(templates.Distinct());
        Assert.Equal("<*>: scheduler told me to run this job", templates[0]);
    }

    [Theory]
    [InlineData("backup finished at Sun Jul 17 15:09:15 2005 on disk", "backup finished at Mon Aug 01 08:00:00 2005 on disk", "backup finished at <*> on disk")]
    [InlineData("kernel built (Release Date: Fri Dec 10 19:02:14 EST 2004)", "kernel built (Release Date: Mon Sep 27 22:15:07 EDT 2004)", "kernel built (Release Date: <*>)")]
    [InlineData("cache warmed on 2024-05-06 09:31:16 by cron", "cache warmed on 2025-01-30 23:59:01 by cron", "cache warmed on <*> by cron")]
    [InlineData("request [17/Jul/2005:15:09:15 +0200] served", "request [03/Aug/2005:09:00:00 +0000] served", "request [<*>] served")]
    [InlineData("expires Sun, 17 Jul 2005 15:09:15 GMT for token", "expires Wed, 03 Aug 2005 09:00:00 GMT for token", "expires <*> for token")]
    [InlineData("lease renewed until 2026-11-30T04:47:03Z ok", "lease renewed until 2026-12-01T00:00:00.5+01:00 ok", "lease renewed until <*> ok")]
    public void A_timestamp_inside_a_message_is_one_variable_whatever_its_month(string first, string second, string template)
    {
        var miner = new TemplateMiner();

        var a = miner.Add(first);
        var b = miner.Add(second);

        Assert.Equal(a.TemplateId, b.TemplateId);
        Assert.Equal(template, miner.Find(a.TemplateId)!.Text);
    }

    [Fact]
    public void Lists_of_numbered_names_of_any_length_are_one_variable_but_a_single_name_stays()
    {
        var miner = new TemplateMiner();

        var short_ = miner.Add("could not resolve data source node7 node8");
        var long_ = miner.Add("could not resolve data source web12 web13 web14 web15 web16");
        var single = miner.Add("link up via interface eth0");

        Assert.Equal(short_.TemplateId, long_.TemplateId);
        Assert.Equal("could not resolve data source <*>", miner.Find(long_.TemplateId)!.Text);
        Assert.Equal("link up via interface eth0", miner.Find(single.TemplateId)!.Text);
    }

    [Fact]
    public void Month_names_without_a_time_of_day_stay_words()
    {
        var miner = new TemplateMiner();

        var id = miner.Add("report for May is ready").TemplateId;

        Assert.Equal("report for May is ready", miner.Find(id)!.Text);
    }

    [Fact]
    public void A_template_of_values_alone_takes_no_message_with_a_word()
    {
        var miner = new TemplateMiner();

        var values = miner.Add("48213...");
        var word = miner.Add("getMode...");
        var otherWord = miner.Add("isMusicActive...");

        Assert.Equal("<*>...", miner.Find(values.TemplateId)!.Text);
        Assert.Equal("getMode...", miner.Find(word.TemplateId)!.Text);
        Assert.Equal("isMusicActive...", miner.Find(otherWord.TemplateId)!.Text);
        Assert.Equal(values.TemplateId, miner.Add("907...").TemplateId);
    }

    [Fact]
    public void Named_fields_whose_values_differ_in_qualified_names_are_variables_from_the_second_line()
    {
        var miner = new TemplateMiner();

        var first = miner.Add("acquire lock=1234, tag=\"AudioMix\", name=audioserver, uid=1041");
        var second = miner.Add("acquire lock=5678, tag=\"RILJ_ACK_WL\", name=com.example.phone, uid=1001");

        Assert.Equal(first.TemplateId, second.TemplateId);
        Assert.Equal("acquire lock=<*>, tag=\"<*>\", name=<*>, uid=<*>", miner.Find(first.TemplateId)!.Text);
    }

    [Fact]
    public void A_qualified_name_with_no_field_naming_it_needs_three_values_before_it_is_a_variable()
    {
        var miner = new TemplateMiner();

        var first = miner.Add("setting cache.alpha.size is deprecated");
        var second = miner.Add("setting cache.beta.size is deprecated");
        var secondAlone = miner.Find(second.TemplateId)!.Text;
        var third = miner.Add("setting cache.gamma.size is deprecated");

        Assert.NotEqual(first.TemplateId, second.TemplateId);
        Assert.Equal("setting cache.beta.size is deprecated", secondAlone);
        Assert.Equal("setting <*>.size is deprecated", miner.Find(third.TemplateId)!.Text);
        Assert.Equal(third.TemplateId, miner.Match("setting cache.delta.size is deprecated"));
    }
}
