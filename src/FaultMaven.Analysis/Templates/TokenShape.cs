namespace FaultMaven.Analysis.Templates;

/// <summary>Classes of the characters a word can hold, as bits, so that a word's classes are one number.</summary>
[Flags]
internal enum CharClasses : uint
{
    None = 0,
    Digit = 1 << 0,
    LowerHexLetter = 1 << 1,
    LowerOtherLetter = 1 << 2,
    UpperHexLetter = 1 << 3,
    UpperOtherLetter = 1 << 4,
    Dot = 1 << 5,
    Colon = 1 << 6,
    Slash = 1 << 7,
    Backslash = 1 << 8,
    Underscore = 1 << 9,
    Dash = 1 << 10,
    Equals = 1 << 11,

    /// <summary><c>( [ {</c></summary>
    OpenBracket = 1 << 12,

    /// <summary><c>) ] }</c></summary>
    CloseBracket = 1 << 13,

    /// <summary><c>&lt; &gt;</c></summary>
    Angle = 1 << 14,

    /// <summary><c>' "</c></summary>
    Quote = 1 << 15,
    Comma = 1 << 16,
    Semicolon = 1 << 17,
    Plus = 1 << 18,

    /// <summary>Any other ASCII character that is not whitespace (<c>~ * % $ # @ ! ? | &amp; ^ `</c> and controls).</summary>
    OtherAscii = 1 << 19,
    NonAscii = 1 << 20,

    /// <summary>A separator between words (the whitespace <see cref="Tokenizer.Split"/> splits on); never part of a word's classes.</summary>
    Whitespace = 1 << 21,

    LowerLetter = LowerHexLetter | LowerOtherLetter,
    HexLetter = LowerHexLetter | UpperHexLetter,
    OtherLetter = LowerOtherLetter | UpperOtherLetter,
    Letter = LowerLetter | UpperHexLetter | UpperOtherLetter,

    /// <summary>Every class of a word character whose set is one of these, so that a class missing from a word rules the set out.</summary>
    AnyWordCharacter = Whitespace - 1,
}

/// <summary>
/// What is known of the characters of one word, found in one scan, so that masking decides most rules from it instead
/// of scanning the word once per rule: a rule that needs a character the word lacks (a dot for an address, an
/// underscore for <c>blk_42</c>), or that forbids a character the word surely holds, is skipped. A skipped rule is
/// one that would have failed, so the masked output is the same (<see cref="Unknown"/> runs every rule; the tests
/// compare the two on every Loghub line and on generated words). Two sets, because a rule may look at a part of the
/// word only: the classes the part may hold (those of the whole word) and those it surely holds.
/// </summary>
internal readonly struct TokenShape
{
    /// <summary>Characters that may stand outside a word's core (<c>TokenMasking</c>'s openers and closers), so a core may lack them.</summary>
    private const CharClasses EdgeClasses = CharClasses.OpenBracket | CharClasses.CloseBracket | CharClasses.Angle | CharClasses.Quote
        | CharClasses.Colon | CharClasses.Comma | CharClasses.Semicolon | CharClasses.Dot;

    /// <summary>The class of each ASCII character (index: the character), for scanners that look it up themselves (<see cref="ClassOf"/>).</summary>
    internal static readonly CharClasses[] AsciiClassTable = BuildAsciiClasses();

    private readonly CharClasses maybe;
    private readonly CharClasses surely;

    private TokenShape(CharClasses maybe, CharClasses surely)
    {
        this.maybe = maybe;
        this.surely = surely;
    }

    /// <summary>A shape that rules nothing out: with it every masking rule runs, as before shapes existed.</summary>
    public static TokenShape Unknown { get; } = new((CharClasses)uint.MaxValue, CharClasses.None);

    /// <summary>The shape of a word's core: the word without leading openers and trailing closers (<c>TokenMasking.Mask</c>).</summary>
    public TokenShape Core => new(this.maybe, this.surely & ~EdgeClasses);

    /// <summary>The shape of any part of the word: it may lack every class of the word.</summary>
    public TokenShape Part => new(this.maybe, CharClasses.None);

    /// <summary>Whether the word certainly holds no character of <paramref name="wanted"/> (false for <see cref="Unknown"/>).</summary>
    public bool Lacks(CharClasses wanted) => (this.maybe & wanted) == 0;

    /// <summary>Whether the word certainly holds a character of <paramref name="wanted"/> (false for <see cref="Unknown"/>).</summary>
    public bool Contains(CharClasses wanted) => (this.surely & wanted) != 0;

    /// <summary>Whether every character of the word certainly is of <paramref name="allowed"/> (false for <see cref="Unknown"/>).</summary>
    public bool IsOnly(CharClasses allowed) => (this.maybe & ~allowed) == 0;

    public static TokenShape Of(ReadOnlySpan<char> word)
    {
        var classes = CharClasses.None;
        foreach (var c in word)
        {
            classes |= ClassOf(c);
        }

        return FromClasses(classes);
    }

    /// <summary>The shape of a word whose characters' classes (<see cref="ClassOf"/>) a caller that scans the text itself collected.</summary>
    public static TokenShape FromClasses(CharClasses classes) => new(classes & CharClasses.AnyWordCharacter, classes & CharClasses.AnyWordCharacter);

    public static CharClasses ClassOf(char c) => c < 128 ? AsciiClassTable[c] : CharClasses.NonAscii;

    private static CharClasses[] BuildAsciiClasses()
    {
        var table = new CharClasses[128];
        for (var c = 0; c < table.Length; c++)
        {
            table[c] = (char)c switch
            {
                >= '0' and <= '9' => CharClasses.Digit,
                >= 'a' and <= 'f' => CharClasses.LowerHexLetter,
                >= 'g' and <= 'z' => CharClasses.LowerOtherLetter,
                >= 'A' and <= 'F' => CharClasses.UpperHexLetter,
                >= 'G' and <= 'Z' => CharClasses.UpperOtherLetter,
                '.' => CharClasses.Dot,
                ':' => CharClasses.Colon,
                '/' => CharClasses.Slash,
                '\\' => CharClasses.Backslash,
                '_' => CharClasses.Underscore,
                '-' => CharClasses.Dash,
                '=' => CharClasses.Equals,
                '(' or '[' or '{' => CharClasses.OpenBracket,
                ')' or ']' or '}' => CharClasses.CloseBracket,
                '<' or '>' => CharClasses.Angle,
                '\'' or '"' => CharClasses.Quote,
                ',' => CharClasses.Comma,
                ';' => CharClasses.Semicolon,
                '+' => CharClasses.Plus,
                ' ' or '\t' or '\r' or '\n' or '\f' or '\v' => CharClasses.Whitespace,
                _ => CharClasses.OtherAscii,
            };
        }

        return table;
    }
}
