using System.Text;
using FaultMaven.Analysis.Templates;

namespace FaultMaven.Analysis.Tests.Templates;

public sealed class TemplateMinerTests
{
    private static string TemplateOf(TemplateMiner miner, int id) => miner.Find(id)!.Text;

    /// <summary>A miner whose template <c>Starting job &lt;*&gt; now</c> (alpha's id) absorbed beta's, beside one other template.</summary>
    private static (TemplateMiner Miner, int Alpha, int Beta, int Other) MinerWithAMerge()
    {
        var miner = new TemplateMiner();
        var alpha = miner.Add("Starting job alpha now").TemplateId;
        var beta = miner.Add("Starting job beta now").TemplateId;
        miner.Add("Starting job gamma now");
        return (miner, alpha, beta, miner.Add("Stopping service 42").TemplateId);
    }

    /// <summary>A line of <paramref name="length"/> plain words: lines of different lengths are never one template.</summary>
    private static string LineOf(int length) => string.Join(' ', Enumerable.Range(0, length).Select(i => $"word{(char)('a' + i)}"));

    [Fact]
    public void Lines_that_differ_only_in_values_share_one_template()
    {
        var miner = new TemplateMiner();

        var first = miner.Add("Received block blk_-1608999687919862906 of size 67108864 from /10.250.19.102");
        var second = miner.Add("Received block blk_7503483334202473044 of size 3527 from /10.251.215.16");

        Assert.Equal(first.TemplateId, second.TemplateId);
        Assert.True(first.IsNewTemplate);
        Assert.False(second.IsNewTemplate);
        Assert.Equal("Received block <*> of size <*> from <*>", TemplateOf(miner, first.TemplateId));
    }

    [Fact]
    public void Templates_differing_in_one_meaningful_word_stay_apart()
    {
        var miner = new TemplateMiner();

        var opened = miner.Add("session opened for user root by (uid=0)");
        var closed = miner.Add("session closed for user root by (uid=0)");
        miner.Add("session opened for user root by (uid=501)");

        Assert.NotEqual(opened.TemplateId, closed.TemplateId);
        Assert.Equal("session opened for user root by (uid=<*>)", TemplateOf(miner, opened.TemplateId));
        Assert.Equal("session closed for user root by (uid=<*>)", TemplateOf(miner, closed.TemplateId));
    }

    [Fact]
    public void A_word_seen_with_many_values_becomes_a_variable()
    {
        var miner = new TemplateMiner();

        var ids = new[] { "webmaster", "admin", "test", "oracle" }
            .Select(user => miner.Add($"Invalid user {user} from 173.234.31.186").TemplateId)
            .ToList();

        Assert.Single(ids.Select(id => miner.Find(id)!.Id).Distinct());
        Assert.Equal("Invalid user <*> from <*>", TemplateOf(miner, ids[0]));
    }

    [Fact]
    public void Lists_of_values_of_different_lengths_share_one_template()
    {
        var miner = new TemplateMiner();

        var one = miner.Add("BLOCK* ask 10.250.18.114:50010 to delete blk_-5140072410813878235");
        var three = miner.Add("BLOCK* ask 10.250.14.224:50010 to delete blk_-1 blk_-2 blk_-3");
        var two = miner.Add("BLOCK* ask 10.251.90.64:50010 to delete blk_7 blk_8");

        Assert.Equal(miner.Find(one.TemplateId), miner.Find(three.TemplateId));
        Assert.Equal(miner.Find(one.TemplateId), miner.Find(two.TemplateId));
        Assert.Equal("BLOCK* ask <*> to delete <*>", TemplateOf(miner, two.TemplateId));
        Assert.Equal(["10.251.90.64:50010", "blk_7 blk_8"], miner.Parameters(two.TemplateId, "BLOCK* ask 10.251.90.64:50010 to delete blk_7 blk_8"));
    }

    [Fact]
    public void A_quoted_value_of_several_words_is_one_value_of_its_variable_and_its_words_are_one_parameter()
    {
        var miner = new TemplateMiner();

        var spanned = miner.Add("acquire lock=17, tag=\"View Lock\", uid=1000");
        foreach (var tag in new[] { "*alarm*", "RILJ_ACK_WL", "*launch*", "AudioMix" })
        {
            miner.Add($"acquire lock=18, tag=\"{tag}\", uid=1001");
        }

        var template = miner.Find(spanned.TemplateId)!;
        Assert.Equal("acquire lock=<*>, tag=\"<*>\", uid=<*>", template.Text);
        Assert.Equal(template.Id, miner.Match("acquire lock=19, tag=\"Screen Dim Lock\", uid=1002"));
        Assert.Equal(["19", "Screen Dim Lock", "1002"], miner.Parameters(template.Id, "acquire lock=19, tag=\"Screen Dim Lock\", uid=1002"));
        Assert.Null(miner.Match("acquire lock=19, tag=\"Screen\" Dim Lock\", uid=1002"));
    }

    [Fact]
    public void Template_ids_handed_out_before_a_merge_resolve_to_the_merged_template()
    {
        var miner = new TemplateMiner();
        var early = miner.Add("Starting job alpha now").TemplateId;
        var later = miner.Add("Starting job beta now").TemplateId;

        var merged = miner.Add("Starting job gamma now").TemplateId;

        Assert.NotEqual(early, later);
        Assert.Equal(early, merged);
        Assert.Equal(early, miner.Find(later)!.Id);
        Assert.Equal(new LogTemplate(early, "Starting job <*> now", 3), miner.Find(later));
    }

    [Fact]
    public void Parameters_are_the_values_behind_each_wildcard()
    {
        var miner = new TemplateMiner();
        const string line = "Finished task 3.0 in stage 0.0 (TID 3). 2703 bytes result sent to driver";
        var id = miner.Add(line).TemplateId;

        Assert.Equal("Finished task <*> in stage <*> (TID <*>). <*> bytes result sent to driver", TemplateOf(miner, id));
        Assert.Equal(["3.0", "0.0", "3", "2703"], miner.Parameters(id, line));
    }

    [Fact]
    public void Matching_a_line_does_not_learn_from_it()
    {
        var miner = new TemplateMiner();
        var id = miner.Add("Connection closed by 10.0.0.1 [preauth]").TemplateId;

        Assert.Equal(id, miner.Match("Connection closed by 10.0.0.2 [preauth]"));
        Assert.Null(miner.Match("Something else entirely"));
        Assert.Single(miner.Templates);
        Assert.Equal(1, miner.Find(id)!.Count);
    }

    [Fact]
    public void A_restored_snapshot_keeps_templates_ids_and_merges()
    {
        var (miner, alpha, beta, other) = MinerWithAMerge();

        var restored = TemplateMiner.Restore(TemplateMinerSnapshot.FromUtf8Json(miner.Snapshot().ToUtf8Json()));

        Assert.Equal(miner.Templates, restored.Templates);
        Assert.Equal(alpha, restored.Find(beta)!.Id);
        Assert.Equal(other, restored.Add("Stopping service 43").TemplateId);
        var next = restored.Add("A brand new message").TemplateId;
        Assert.True(next > other);
    }

    [Fact]
    public void The_least_recently_seen_template_is_retired_beyond_the_limit()
    {
        var miner = new TemplateMiner(new TemplateMinerOptions { MaxTemplates = 2 });
        var first = miner.Add("first kind of message").TemplateId;
        var second = miner.Add("second kind of message").TemplateId;
        miner.Add("first kind of message");

        var third = miner.Add("third kind of message here").TemplateId;

        Assert.Null(miner.Find(second));
        Assert.NotNull(miner.Find(first));
        Assert.NotNull(miner.Find(third));
        Assert.Equal(2, miner.Templates.Count);
    }

    [Fact]
    public void Retiring_the_least_recently_seen_templates_keeps_the_recent_ones_and_never_issues_a_retired_id_again()
    {
        var miner = new TemplateMiner();
        var ids = Enumerable.Range(1, 5).Select(length => miner.Add(LineOf(length)).TemplateId).ToList();
        miner.Add(LineOf(1));

        miner.RetireLeastRecentlySeen(3);

        Assert.Equal([ids[0], ids[4]], miner.Templates.Select(template => template.Id));
        Assert.Equal(2, miner.TemplateCount);
        var again = miner.Add(LineOf(2));
        Assert.True(again.IsNewTemplate);
        Assert.True(again.TemplateId > ids.Max(), $"id {again.TemplateId} issued again");
        Assert.Null(miner.Find(ids[1]));
    }

    [Fact]
    public void Templates_longer_than_a_length_are_retired_and_the_others_kept()
    {
        var miner = new TemplateMiner();
        var shortId = miner.Add(LineOf(2)).TemplateId;
        miner.Add(LineOf(20));

        Assert.Equal(1, miner.RetireLongerThan(LineOf(2).Length));

        Assert.Equal([shortId], miner.Templates.Select(template => template.Id));
    }

    [Fact]
    public void A_snapshot_keeps_only_the_aliases_that_resolve_to_a_live_template_each_straight_to_it()
    {
        var (miner, alpha, beta, other) = MinerWithAMerge();
        Assert.Equal([new TemplateAlias(beta, alpha)], miner.Snapshot().Aliases);

        miner.Add("Stopping service 43");
        miner.RetireLeastRecentlySeen(1);

        var snapshot = miner.Snapshot();
        Assert.Empty(snapshot.Aliases);
        Assert.Equal([other], snapshot.Templates.Select(template => template.Id));
    }

    [Fact]
    public void A_snapshot_restored_under_a_smaller_limit_keeps_its_most_recently_seen_templates()
    {
        var miner = new TemplateMiner();
        var ids = Enumerable.Range(1, 6).Select(length => miner.Add(LineOf(length)).TemplateId).ToList();

        var restored = TemplateMiner.Restore(miner.Snapshot(), new TemplateMinerOptions { MaxTemplates = 2 });

        Assert.Equal(ids[^2..], restored.Templates.Select(template => template.Id));
        Assert.True(restored.Add("a message of another kind").TemplateId > ids.Max());
    }

    [Fact]
    public void A_snapshot_of_any_text_is_written_and_read_back_with_its_characters_as_utf8()
    {
        var miner = new TemplateMiner();
        miner.Add("caf\u00e9 \u0000 \u001b[31m <b>bold</b> \"quoted\" back\\slash \ud83d\ude00 \ufffd\ufffd end");

        var json = miner.Snapshot().ToUtf8Json();

        Assert.Equal(miner.Templates, TemplateMiner.Restore(TemplateMinerSnapshot.FromUtf8Json(json)).Templates);
        Assert.Contains("café", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_of_a_line_with_an_unpaired_surrogate_is_written_and_read_back()
    {
        var miner = new TemplateMiner();
        miner.Add("decoded from JSON \ud800 alone");

        var restored = TemplateMiner.Restore(TemplateMinerSnapshot.FromUtf8Json(miner.Snapshot().ToUtf8Json()));

        Assert.Equal(miner.Templates.Select(template => template.Id), restored.Templates.Select(template => template.Id));
    }

    [Theory]
    [InlineData("port 5070.", "port <*>.")]
    [InlineData("value -1 and 0x1f and 2.5", "value <*> and <*> and <*>")]
    [InlineData("from /10.250.19.102:54106 to proxy.example.com:8080", "from <*> to <*>")]
    [InlineData("at 2017-07-01 09:00:55 id[0]=1", "at <*> id[<*>]=<*>")]
    [InlineData("file /var/log/app.log and url https://x.io/a?b=1", "file <*> and url <*>")]
    [InlineData("flag=true owner=null size 5.2 KB, free 1024 bytes (1.0 KB)", "flag=<*> owner=<*> size <*>, free <*>")]
    [InlineData("token AppWindowToken{9f4ef63 mac 00:11:43:e3:ba:c3", "token AppWindowToken{<*> mac <*>")]
    [InlineData("resolve proxy.cs.example.edu.hk, api.example.com and mail.example.org.", "resolve <*>, <*> and <*>.")]
    [InlineData("use mapred.task.id in org.example.Netty com.example.mail", "use mapred.task.id in org.example.Netty com.example.mail")]
    [InlineData("at Main.java:42 over ssh2 on eth1", "at Main.java:<*> over ssh2 on eth1")]
    [InlineData("Found block rdd_42_20 locally", "Found block <*> locally")]
    [InlineData("start cmp=com.example.mail/.ui.InboxActivity pulled docker.io/library/nginx:1.25 for apps/v1 as text/plain", "start cmp=<*> pulled <*> for apps/v1 as text/plain")]
    [InlineData("session 8f3kLm2Qx9ZpR4tWv7Yb opened with key=3FTHbsfrpsRLPGaJYpUa7w5h", "session <*> opened with key=<*>")]
    [InlineData("read a\u0000b then \u0007beep and caf\uFFFD\uFFFD or \u0085x done", "read <*> then <*> and <*> or <*> done")]
    [InlineData("\u001b[31mERROR\u001b[0m disk full", "\u001b[31mERROR\u001b[0m disk full")]
    [InlineData("sent \"Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5\" to NullPointerException handler user_profile_v2", "sent \"<*>\" to NullPointerException handler user_profile_v2")]
    [InlineData("%LINK-3-UPDOWN: Interface Gi1/0/3, changed state to down", "%LINK-3-UPDOWN: Interface <*>, changed state to down")]
    [InlineData("port Te1/1/2 and Serial0/0/0.100 and Ethernet1/49:3 but not eth0, apps/v1 or 3/4", "port <*> and <*> and <*> but not eth0, apps/v1 or <*>/<*>")]
    [InlineData("%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: noc]", "%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: noc]")]
    [InlineData("connect from mail.example.net[192.0.2.4] and unknown[2001:db8::7]:", "connect from <*>[<*>] and <*>[<*>]:")]
    [InlineData("lost connection to relay=mx.example.net[192.0.2.44]:25, delay=1", "lost connection to relay=<*>[<*>]:<*>, delay=<*>")]
    [InlineData("queued from=<m.rossi@example.it>, message-id=<20261202.4F1@mail.example.com> to=<>", "queued from=<<*>>, message-id=<<*>> to=<>")]
    [InlineData("Login Success [user: noc] at 10:15:42 UTC Wed Dec 2 2026 then 10:15 UTC", "Login Success [user: noc] at <*> then <*> UTC")]
    [InlineData("C-0x55d1: appdb/app@10.0.9.27:50701 login, peer sparkExecutor@worker-07.example.com, not user@ or @home", "C-<*>: <*> login, peer <*>, not user@ or @home")]
    [InlineData("type=\"LOGIN_ERROR\", realmId=\"8b0e2f4c-63a1-4d0f-9c1e-2a7b5d3e91f0\", ipAddress='192.0.2.25' done", "type=\"LOGIN_ERROR\", realmId=\"<*>\", ipAddress='<*>' done")]
    [InlineData("backup started at 28-Nov-2026 14:02:11 by cron, next 2026.11.29 03:10:54.5, ras 2005-06-03-15.42.50.363779 logged", "backup started at <*> by cron, next <*>, ras <*> logged")]
    public void Values_are_recognised_by_their_form(string line, string template)
    {
        var miner = new TemplateMiner();

        Assert.Equal(template, TemplateOf(miner, miner.Add(line).TemplateId));
    }

    [Fact]
    public void A_line_of_its_own_becomes_a_template_without_its_generated_values()
    {
        var miner = new TemplateMiner();
        const string line = "cache warmed by worker-7 using secret 8f3kLm2Qx9ZpR4tWv7Yb/Zm9vYmFyYmF6cXV4MTIz in 12 ms";

        var template = TemplateOf(miner, miner.Add(line).TemplateId);

        Assert.Equal("cache warmed by worker-<*> using secret <*> in <*> ms", template);
        Assert.DoesNotContain("8f3kLm2Qx9", template, StringComparison.Ordinal);
    }
}
