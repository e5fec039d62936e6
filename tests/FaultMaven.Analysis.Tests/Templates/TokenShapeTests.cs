using CsCheck;
using FaultMaven.Analysis.Templates;

namespace FaultMaven.Analysis.Tests.Templates;

/// <summary>
/// Masking that skips the rules a word's <see cref="TokenShape"/> rules out writes what masking that tries every rule
/// writes (<see cref="TokenShape.Unknown"/>, the code path before shapes existed): on every line of the test data and
/// on generated words and lines (CsCheck shrinks a failure to a minimal one).
/// </summary>
public sealed class TokenShapeTests
{
    /// <summary>Pieces of words: every character class a shape tells apart, and the words the rules look for.</summary>
    private static readonly Gen<string> Piece = Gen.OneOf(
        Gen.String[Gen.Char["aAfFgGzZ0159._-=:/\\()[]{}<>'\",;+~%*#|\u00e9\u0001"], 1, 6],
        Gen.String[Gen.Char["0123456789abcdef"], 1, 20],
        Gen.String[Gen.Char["abcxyz0123456789"], 1, 24],
        Gen.Int[0, 99_999].Select(number => number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.OneOf(
            "true", "NULL", "KB", "kib", "ms", "sec", "bytes", "%", "Jul", "July", "Sun", "Monday", "EST", "UTC", "Z", "T",
            "17", "2005", "2024-05-06", "2024/05/06", "15:09:15", "09:31:16.963", "+0200", "17/Jul/2005:15:09:15", "0x1F",
            "10.0.0.1", ":50010", "proxy.example.com", "localhost", "blk_", "-42", "cn", "node", "://", "C:\\", "/var/log",
            "fe80::1", "aa:bb:cc:dd:ee:ff", "a1B2c3D4e5F6g7H8i9", "==", "key=", "<", "~", "(", ")", ",", "."));

    private static readonly Gen<string> Word = Piece.Array[1, 4].Select(pieces => string.Concat(pieces));

    private static readonly Gen<string> GeneratedLine = Gen.Select(Word.Array[1, 10], Gen.OneOf(Gen.Const(" "), Gen.Const("  "), Gen.Const("\t")), (words, separator) => string.Join(separator, words));

    [Fact]
    public void A_shaped_word_is_masked_as_every_rule_masks_it()
    {
        Word.Sample(word => Masked(word, TokenShape.Of(word)) == Masked(word, TokenShape.Unknown), iter: 200_000);
    }

    [Fact]
    public void A_shaped_generated_line_is_masked_as_every_rule_masks_it()
    {
        GeneratedLine.Sample(line => Differences([line]).Count == 0, iter: 50_000);
    }

    [Fact]
    public void Every_line_of_the_test_data_is_masked_as_every_rule_masks_it()
    {
        var lines = Loghub.Datasets.SelectMany(Loghub.RawLines)
            .Concat(File.ReadAllLines(TestData.Path("masking", "corpus.log")))
            .Concat(TestData.ReadGzipLines("hdfs", "HDFS.log.gz"))
            .ToList();

        var differences = Differences(lines);

        Assert.True(differences.Count == 0, $"{differences.Count} of {lines.Count} lines masked differently, e.g.:\n{string.Join("\n", differences.Take(10))}");
    }

    [Fact]
    public void A_word_of_digits_is_one_marker_without_trying_the_rules()
    {
        Assert.Equal(Wildcard.Marker, Masked("0123456789", TokenShape.Of("0123456789")));
        Assert.Equal(Wildcard.Marker, Masked("7", TokenShape.Of("7")));
    }

    [Fact]
    public void The_unknown_shape_rules_nothing_out()
    {
        Assert.False(TokenShape.Unknown.Lacks(CharClasses.Digit));
        Assert.False(TokenShape.Unknown.Contains(CharClasses.Digit));
        Assert.False(TokenShape.Unknown.IsOnly(CharClasses.AnyWordCharacter));
    }

    [Fact]
    public void A_core_and_a_part_keep_what_may_be_there_but_not_what_surely_is()
    {
        var shape = TokenShape.Of("(key_1=abc.)");

        Assert.True(shape.Contains(CharClasses.Dot));
        Assert.False(shape.Core.Contains(CharClasses.Dot | CharClasses.OpenBracket));
        Assert.True(shape.Core.Contains(CharClasses.Underscore));
        Assert.False(shape.Part.Contains(CharClasses.Underscore));
        Assert.True(shape.Part.Lacks(CharClasses.Slash));
    }

    private static string Masked(string word, TokenShape shape)
    {
        var destination = new char[word.Length * Wildcard.Marker.Length + 1];
        return new string(destination, 0, TokenMasking.Mask(word, shape, destination));
    }

    /// <summary>Each line whose masked text or token sources differ between the two, with both.</summary>
    private static List<string> Differences(IEnumerable<string> lines)
    {
        var shaped = new MaskedLine();
        var everyRule = new MaskedLine(measureShapes: false);
        var differences = new List<string>();
        foreach (var line in lines)
        {
            shaped.Load(line);
            everyRule.Load(line);
            var sameSources = shaped.TokenCount == everyRule.TokenCount
                && Enumerable.Range(0, shaped.TokenCount).All(i => shaped.Source(i).Equals(everyRule.Source(i)));
            if (!shaped.Text.SequenceEqual(everyRule.Text) || !sameSources)
            {
                differences.Add($"{line}\n  shaped:     {shaped.Text}\n  every rule: {everyRule.Text}");
            }
        }

        return differences;
    }
}
