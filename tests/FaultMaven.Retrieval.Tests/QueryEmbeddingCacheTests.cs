using FaultMaven.Retrieval.Embeddings;

namespace FaultMaven.Retrieval.Tests;

public sealed class QueryEmbeddingCacheTests
{
    [Fact]
    public void Texts_that_differ_only_in_whitespace_share_one_key()
    {
        Assert.Equal("disk full on db-1", QueryEmbeddingCache.Normalize("  disk\tfull \n on   db-1 "));
    }

    [Fact]
    public void The_least_recently_used_text_is_evicted_first_and_a_lookup_counts_as_a_use()
    {
        var cache = new QueryEmbeddingCache(capacity: 2);
        cache.Add("a", [1f]);
        cache.Add("b", [2f]);
        Assert.True(cache.TryGet("a", out _));

        cache.Add("c", [3f]);

        Assert.True(cache.TryGet("a", out var a));
        Assert.Equal([1f], a);
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
    }

    [Fact]
    public void Texts_longer_than_the_key_limit_and_a_cache_of_size_zero_keep_nothing()
    {
        var cache = new QueryEmbeddingCache(capacity: 4);
        var paste = new string('x', QueryEmbeddingCache.MaxKeyLength + 1);
        cache.Add(paste, [1f]);
        var off = new QueryEmbeddingCache(capacity: 0);
        off.Add("a", [1f]);

        Assert.False(cache.TryGet(paste, out _));
        Assert.False(off.TryGet("a", out _));
    }
}
