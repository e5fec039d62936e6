using System.Buffers;
using System.Runtime.CompilerServices;

namespace FaultMaven.Analysis.Templates;

/// <summary>Rules that recognise a variable by its form alone, for any system's logs.</summary>
internal static class TokenMasking
{
    private static readonly SearchValues<char> Openers = SearchValues.Create("([{<'\":");
    private static readonly SearchValues<char> Bounds = SearchValues.Create("<>~");
    private static readonly SearchValues<char> InnerDelimiters = SearchValues.Create("=(:,[{");
    private static readonly SearchValues<char> DigitsAndSlashes = SearchValues.Create("0123456789/\\");
    internal static readonly SearchValues<char> Closers = SearchValues.Create(")]}>,;:.'\"");
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> HostCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");
    internal static readonly SearchValues<char> KeyCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_");

    /// <summary>The keys that structured logging gives the event itself (logfmt's and zap's <c>msg</c>, <c>level</c>…): their values are the message, not a value in it.</summary>
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> EventKeys =
        new HashSet<string>(["msg", "message", "event", "level", "lvl", "severity", "logger"], StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// The length of <c>key</c> when <paramref name="token"/> is <c>key=value</c> with a key of name characters that is not
    /// one of the event's own keys (<c>msg</c>, <c>level</c>…): a value the program names, filled in at run time; else 0.
    /// </summary>
    internal static int NamedFieldKeyLength(ReadOnlySpan<char> token) =>
        token.IndexOf('=') is > 0 and var equals && !token[..equals].ContainsAnyExcept(KeyCharacters) && !EventKeys.Contains(token[..equals]) ? equals : 0;
    private static readonly SearchValues<char> GeneratedTokenCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/_-");
    private static readonly SearchValues<char> InterfaceTypeCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-");
    private static readonly SearchValues<char> DigitsAndSlash = SearchValues.Create("0123456789/");
    private static readonly SearchValues<char> HexDigitsAndColon = SearchValues.Create("0123456789abcdefABCDEF:");
    private static readonly SearchValues<char> UpperNameCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
    private static readonly SearchValues<char> LowerNameCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-_");
    private static readonly SearchValues<char> PeerNameCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_/");
    /// <summary>
    /// Control characters (C0, DEL, C1) and U+FFFD, which bytes that are not UTF-8 decode to; but not ESC, which starts
    /// the colour codes of terminal output around words such as a level.
    /// </summary>
    private static readonly SearchValues<char> Unprintable = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c != 0x1B).Select(c => (char)c), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c), '\uFFFD']);

    private static readonly string[] TopLevelDomains = ["com", "net", "org", "edu", "gov", "mil", "io"];
    private static readonly string[] ValueLiterals = ["true", "false", "null"];
    private static readonly string[] SizeUnits = ["b", "bytes", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "tib"];
    private static readonly string[] BaseSizeUnits = ["b", "bytes"];
    private static readonly string[] DurationUnits = ["ns", "us", "ms", "s", "sec", "secs", "seconds", "min", "mins", "minutes", "h", "hours"];
    private static readonly string[] Units =
    [
        "ns", "us", "ms", "s", "sec", "secs", "m", "min", "mins", "h", "d",
        "k", "g", "%", .. SizeUnits,
    ];

    /// <summary>The classes of <see cref="Openers"/>, <see cref="Closers"/>, <see cref="DigitsAndSlashes"/> and <see cref="InnerDelimiters"/>, for <see cref="TokenShape"/>.</summary>
    internal const CharClasses OpenerClasses = CharClasses.OpenBracket | CharClasses.Angle | CharClasses.Quote | CharClasses.Colon;

    private const CharClasses CloserClasses = CharClasses.CloseBracket | CharClasses.Angle | CharClasses.Comma | CharClasses.Semicolon
        | CharClasses.Colon | CharClasses.Dot | CharClasses.Quote;

    private const CharClasses DigitOrSlashClasses = CharClasses.Digit | CharClasses.Slash | CharClasses.Backslash;
    private const CharClasses InnerDelimiterClasses = CharClasses.Equals | CharClasses.OpenBracket | CharClasses.Colon | CharClasses.Comma;
    private const CharClasses HexClasses = CharClasses.Digit | CharClasses.HexLetter;

    /// <summary>Shortest run of hex characters taken for an id (a commit, a pointer, a hash) rather than a word.</summary>
    private const int MinimumHexIdLength = 6;

    /// <summary>Writes the masked form of <paramref name="token"/> to <paramref name="destination"/>; returns its length.</summary>
    public static int Mask(ReadOnlySpan<char> token, Span<char> destination) => Mask(token, TokenShape.Of(token), destination);

    /// <summary>
    /// <see cref="Mask(ReadOnlySpan{char}, Span{char})"/> for a token whose shape the caller measured: the rules the
    /// shape rules out are not tried (<see cref="TokenShape.Unknown"/> tries them all; the output is the same).
    /// </summary>
    // Compiled optimized at once: see MaskedLine.Load.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Mask(ReadOnlySpan<char> token, TokenShape shape, Span<char> destination)
    {
        if (token.IsEmpty)
        {
            return 0;
        }

        if (shape.IsOnly(CharClasses.Digit))
        {
            // A whole number: the rules below come to one marker too (a hex id from 8 digits, a number below).
            return Copy(Wildcard.Marker, destination);
        }

        if (!shape.Lacks(CharClasses.OtherAscii | CharClasses.NonAscii) && token.ContainsAny(Unprintable))
        {
            // Binary data, not a word of a message: kept as a word, it made a template of every line of random bytes
            // and carried NUL into the stored template, which PostgreSQL's text refuses.
            return Copy(Wildcard.Marker, destination);
        }

        if (token[0] == '%' && IsMessageMnemonic(token))
        {
            return Copy(token, destination);
        }

        var lead = shape.Lacks(OpenerClasses) ? 0 : FirstNotIn(token, Openers);
        if (lead < 0)
        {
            return Copy(token, destination);
        }

        var coreEnd = shape.Lacks(CloserClasses) ? token.Length : Math.Max(lead, LastNotIn(token, Closers) + 1);
        var isPlainWord = !ContainsAny(token, shape, DigitOrSlashClasses, DigitsAndSlashes);
        if (!isPlainWord && MayBePath(shape) && IsPath(token[lead..coreEnd]))
        {
            // A file name may end in dots; a path has no sentence punctuation to keep apart.
            coreEnd += token[coreEnd..].IndexOfAnyExcept('.') is var dots and >= 0 ? dots : token.Length - coreEnd;
        }

        var core = token[lead..coreEnd];
        if (IsValue(core, shape.Core, isPlainWord))
        {
            return MaskSpan(token, lead, coreEnd, destination);
        }

        var valueStart = lead + (shape.Lacks(CharClasses.Equals | CharClasses.Colon) ? 0 : KeyLength(core));
        // A quoted value (realmId="8b0e2f4c-…") is read as the same value unquoted; its closing quote is already past the core.
        valueStart += valueStart > lead && valueStart < coreEnd && token[valueStart] is '"' or '\'' ? 1 : 0;
        if (valueStart > lead && IsValue(token[valueStart..coreEnd], shape.Part, isPlainWord))
        {
            return MaskSpan(token, valueStart, coreEnd, destination);
        }

        if (!shape.Lacks(CharClasses.Angle) && AngleAddressLength(token[valueStart..]) is var angleAddress and > 0)
        {
            return MaskSpan(token, valueStart + 1, valueStart + angleAddress - 1, destination);
        }

        if (!shape.Lacks(CharClasses.OpenBracket) && HostAddressLength(token[valueStart..]) is var hostAddress and > 0)
        {
            return MaskHostAddress(token, valueStart, hostAddress, destination);
        }

        return isPlainWord && !ContainsAny(token, shape, InnerDelimiterClasses, InnerDelimiters) ? Copy(token, destination) : MaskEmbeddedNumbers(token, destination);
    }

    /// <summary>
    /// A network device's interface named by type and slot/port numbers (<c>GigabitEthernet1/0/3</c>, <c>Te1/1/2</c>,
    /// <c>Serial0/0/0.100</c>, <c>Ethernet1/49</c>): which port a message is about is its value, the whole name one
    /// token, so that ports of different types still make one template. A name without a slash (<c>eth0</c>, <c>wlan0</c>)
    /// is a host's own interface, left to the counts.
    /// </summary>
    private static bool IsSlottedInterface(ReadOnlySpan<char> core)
    {
        var digits = core.IndexOfAnyInRange('0', '9');
        if (digits < 2 || core[..digits].ContainsAnyExcept(InterfaceTypeCharacters) || !char.IsAsciiLetter(core[0]))
        {
            return false;
        }

        var numbers = core[digits..];
        var subinterface = numbers.IndexOfAny('.', ':');
        var slots = subinterface < 0 ? numbers : numbers[..subinterface];
        return slots.Contains('/') && slots[^1] != '/' && !slots.ContainsAnyExcept(DigitsAndSlash)
            && (subinterface < 0 || (subinterface < numbers.Length - 1 && !numbers[(subinterface + 1)..].ContainsAnyExceptInRange('0', '9')));
    }

    /// <summary>
    /// The length of a mail address or message id in angle brackets at the start of <paramref name="text"/>
    /// (<c>&lt;alice@example.com&gt;</c>, RFC 5322's angle-addr and msg-id, as mail servers log them after
    /// <c>from=</c>, <c>to=</c> and <c>message-id=</c>), or 0: the brackets are the format's, the address between them
    /// the value.
    /// </summary>
    private static int AngleAddressLength(ReadOnlySpan<char> text)
    {
        var close = text.Length > 2 && text[0] == '<' ? text.IndexOf('>') : -1;
        var at = close > 0 ? text[1..close].IndexOf('@') : -1;
        return at > 0 && at < close - 2 && text[1..close].IndexOfAny('<', '>') < 0 ? close + 1 : 0;
    }

    /// <summary>
    /// The length of a peer written as <c>name[address]</c> at the start of <paramref name="text"/> (mail servers'
    /// notation: Postfix's <c>connect from mail.example.net[192.0.2.4]</c> and <c>unknown[192.0.2.4]</c>, when the
    /// address has no name), or 0. The name is a value as much as the address: it is the peer's, looked up at run time.
    /// </summary>
    private static int HostAddressLength(ReadOnlySpan<char> text)
    {
        var open = text.IndexOf('[');
        if (open <= 0 || text[..open].ContainsAnyExcept(HostCharacters))
        {
            return 0;
        }

        var close = text[open..].IndexOf(']');
        var address = close > 1 ? text[(open + 1)..(open + close)] : [];
        return !address.IsEmpty && (IsIPv4(address) || IsIPv6(address)) ? open + close + 1 : 0;
    }

    /// <summary>An IPv6 address: hex groups and colons, at least two colons (<c>2001:db8::1</c>).</summary>
    private static bool IsIPv6(ReadOnlySpan<char> text) =>
        text.Count(':') >= 2 && !text.ContainsAnyExcept(HexDigitsAndColon);

    /// <summary>Writes <c>name[address]</c> at <paramref name="start"/> as <c>&lt;*&gt;[&lt;*&gt;]</c>, a port after it as <c>:&lt;*&gt;</c>, and keeps the rest.</summary>
    private static int MaskHostAddress(ReadOnlySpan<char> token, int start, int length, Span<char> destination)
    {
        var written = Copy(token[..start], destination);
        written += Copy(Wildcard.Marker, destination[written..]);
        destination[written++] = '[';
        written += Copy(Wildcard.Marker, destination[written..]);
        destination[written++] = ']';
        var rest = token[(start + length)..];
        var port = rest.Length > 1 && rest[0] == ':' ? rest[1..].IndexOfAnyExceptInRange('0', '9') : 0;
        if (port != 0)
        {
            destination[written++] = ':';
            written += Copy(Wildcard.Marker, destination[written..]);
            rest = port < 0 ? [] : rest[(1 + port)..];
        }

        return written + Copy(rest, destination[written..]);
    }

    /// <summary><c>ContainsAny</c> decided by the shape when it was measured; <paramref name="classes"/> must hold exactly the characters of <paramref name="set"/>.</summary>
    private static bool ContainsAny(ReadOnlySpan<char> token, TokenShape shape, CharClasses classes, SearchValues<char> set) =>
        !shape.Lacks(classes) && (shape.Contains(classes) || token.ContainsAny(set));

    /// <summary>Without digits or slashes only a literal or a hex id can be a value, so plain words (the hot path) skip the other rules.</summary>
    private static bool IsValue(ReadOnlySpan<char> core, TokenShape shape, bool isPlainWord) =>
        isPlainWord ? IsDigitlessValue(core, shape) : IsWholeVariable(core, shape);

    private static bool IsDigitlessValue(ReadOnlySpan<char> core, TokenShape shape) =>
        IsHexId(core, shape) || IsLiteral(core, shape) || (!shape.Lacks(CharClasses.Dot) && IsDomainName(core));

    private static bool IsLiteral(ReadOnlySpan<char> core, TokenShape shape) => !shape.Lacks(CharClasses.Letter) && IsOneOf(core, ValueLiterals);

    /// <summary>
    /// A network device's message identifier, <c>%FACILITY-SEVERITY-MNEMONIC:</c> (Cisco IOS, NX-OS and their kin:
    /// <c>%LINK-3-UPDOWN:</c>, <c>%SEC_LOGIN-5-LOGIN_SUCCESS:</c>): the severity digit is part of the message's name, fixed
    /// by the statement that prints it, so the identifier is constant text rather than a word with a number in it.
    /// </summary>
    private static bool IsMessageMnemonic(ReadOnlySpan<char> token)
    {
        var name = token[1..].TrimEnd(':');
        var firstDash = name.IndexOf('-');
        return firstDash > 0 && firstDash + 3 < name.Length && name[firstDash + 1] is >= '0' and <= '7' && name[firstDash + 2] == '-'
            && IsUpperName(name[..firstDash]) && IsUpperName(name[(firstDash + 3)..]);
    }

    /// <summary>Capital letters, digits and underscores, starting with a letter: a facility's or a mnemonic's name.</summary>
    private static bool IsUpperName(ReadOnlySpan<char> word) =>
        word.Length > 0 && char.IsAsciiLetterUpper(word[0]) && !word.ContainsAnyExcept(UpperNameCharacters);

    /// <summary>What <see cref="IsPath"/> needs: a slash, or a colon and a backslash (<c>C:\</c>).</summary>
    private static bool MayBePath(TokenShape shape) =>
        !shape.Lacks(CharClasses.Slash) || !shape.Lacks(CharClasses.Colon | CharClasses.Backslash);

    /// <summary>
    /// Whether a number token and the unit token after it form one quantity: a size (<c>5.2 KB</c>) or a bounded
    /// duration (<c>&lt;1 sec</c>). An exact duration keeps its unit apart, as in <c>took 12 ms</c>.
    /// </summary>
    public static bool IsQuantity(ReadOnlySpan<char> number, ReadOnlySpan<char> unit)
    {
        var isBound = number.Length > 0 && Bounds.Contains(number[0]);
        number = number[Math.Max(0, FirstNotIn(number, Openers))..];
        if (number.Length == 0 || NumberLength(number, 0) != number.Length)
        {
            return false;
        }

        unit = unit[..(LastNotIn(unit, Closers) + 1)];
        return IsOneOf(unit, SizeUnits) || (isBound && IsOneOf(unit, DurationUnits));
    }

    /// <summary>
    /// Writes a quantity spanning words as one marker, keeping the first word's openers and the last word's closers. A
    /// count in a base unit keeps its unit as text inside the one token (<c>2703 bytes</c> → <c>&lt;*&gt; bytes</c>):
    /// programs print such a unit from the format string (<c>"%d bytes"</c>), while a scaled size (<c>5.2 KB</c>,
    /// <c>1024 bytes (1.0 KB)</c>) has its unit chosen with its number at run time, so the whole size is the value.
    /// Either way the quantity stays one token, so that sizes written both ways in one message still align.
    /// </summary>
    /// <param name="parenthesized">Whether the last word closes a parenthesized second quantity, whose bracket goes too.</param>
    public static int MaskQuantity(ReadOnlySpan<char> firstWord, ReadOnlySpan<char> lastWord, bool parenthesized, Span<char> destination)
    {
        var closers = lastWord[(LastNotIn(lastWord, Closers) + 1)..];
        var written = Copy(firstWord[..Math.Max(0, FirstNotIn(firstWord, Openers))], destination);
        written += Copy(Wildcard.Marker, destination[written..]);
        var unit = lastWord[..^closers.Length];
        if (!parenthesized && IsOneOf(unit, BaseSizeUnits))
        {
            destination[written++] = ' ';
            written += Copy(unit, destination[written..]);
        }

        return written + Copy(parenthesized ? closers[1..] : closers, destination[written..]);
    }

    private static int MaskSpan(ReadOnlySpan<char> token, int start, int end, Span<char> destination)
    {
        var written = Copy(token[..start], destination);
        written += Copy(Wildcard.Marker, destination[written..]);
        return written + Copy(token[end..], destination[written..]);
    }

    /// <summary>Length of a <c>key=</c> or <c>key:</c> prefix of <paramref name="core"/>, or 0.</summary>
    private static int KeyLength(ReadOnlySpan<char> core)
    {
        var separator = core.IndexOfAny('=', ':');
        return separator > 0 && !core[..separator].ContainsAnyExcept(KeyCharacters) ? separator + 1 : 0;
    }

    /// <summary>Each rule is tried only when the shape has the characters it needs (an address a dot, an identifier an underscore).</summary>
    private static bool IsWholeVariable(ReadOnlySpan<char> core, TokenShape shape) =>
        core.Length > 0
        && ((!shape.Lacks(CharClasses.Dot) && (IsAddress(core) || IsNumberedHostName(core) || IsDomainName(core)))
            || (!shape.Lacks(CharClasses.Colon) && !shape.Lacks(CharClasses.Digit) && IsColonGroups(core))
            || (!shape.Lacks(CharClasses.Colon) && !shape.Lacks(CharClasses.Slash) && IsUrl(core))
            || (MayBePath(shape) && IsPath(core))
            || (!shape.Lacks(CharClasses.Slash) && !shape.Lacks(CharClasses.Digit) && IsSlottedInterface(core))
            || (!shape.Lacks(CharClasses.Underscore) && IsNumberedIdentifier(core))
            || (!shape.Lacks(CharClasses.Digit) && !shape.Lacks(CharClasses.Letter | CharClasses.OtherAscii) && IsNumberWithUnit(core))
            || (!shape.Lacks(CharClasses.OtherAscii) && !shape.Lacks(CharClasses.Dot) && IsPeerAtAddress(core))
            || IsHexId(core, shape) || IsLiteral(core, shape) || IsGeneratedToken(core, shape));

    /// <summary>
    /// Who at which address: a name, or database and user (<c>appdb/app</c>), then <c>@</c> and an IP address or a
    /// host name, with a port or not (<c>app@10.0.9.27:5432</c>, <c>sparkExecutor@10.0.0.5:43210</c>): a connection
    /// pooler's or a cluster's peer, one value as a whole. The part before the <c>@</c> names an account on that peer, so
    /// it is never kept as constant text beside a masked address.
    /// </summary>
    private static bool IsPeerAtAddress(ReadOnlySpan<char> core)
    {
        var at = core.IndexOf('@');
        if (at <= 0 || at == core.Length - 1 || core[..at].ContainsAnyExcept(PeerNameCharacters))
        {
            return false;
        }

        var peer = core[(at + 1)..];
        return IsAddress(peer) || IsNumberedHostName(peer) || IsDomainName(peer);
    }

    /// <summary>
    /// A generated value (a key, a session id, a signature, a secret no masking rule knows): a template never keeps
    /// one, not even the template a line of its own makes, since templates are stored and shown in clear. An <c>=</c>
    /// only ends one (base64 padding), so that <c>key=value</c> keeps its key.
    /// </summary>
    private static bool IsGeneratedToken(ReadOnlySpan<char> core, TokenShape shape) =>
        core.Length >= Masking.Entropy.MinimumLength && !shape.Lacks(CharClasses.Digit) && !shape.Lacks(CharClasses.Letter) && core[0] != '/' && !core.TrimEnd('=').ContainsAnyExcept(GeneratedTokenCharacters) && Masking.Entropy.LooksRandom(core);

    /// <summary>
    /// <c>IndexOfAnyExcept</c> for a word that seldom starts with a character of <paramref name="set"/>: the first
    /// character usually decides, without a vectorized search, which costs more than it saves on a word of a few characters.
    /// </summary>
    internal static int FirstNotIn(ReadOnlySpan<char> word, SearchValues<char> set) =>
        word.Length > 0 && !set.Contains(word[0]) ? 0 : word.IndexOfAnyExcept(set);

    /// <summary><c>LastIndexOfAnyExcept</c>, with the last character deciding first, as <see cref="FirstNotIn"/>.</summary>
    internal static int LastNotIn(ReadOnlySpan<char> word, SearchValues<char> set) =>
        word.Length > 0 && !set.Contains(word[^1]) ? word.Length - 1 : word.LastIndexOfAnyExcept(set);

    /// <summary>Whether <paramref name="word"/> is one of <paramref name="candidates"/>, ignoring case.</summary>
    internal static bool IsOneOf(ReadOnlySpan<char> word, string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            // The length test first: most words are no candidate's length, and it saves the call.
            if (word.Length == candidate.Length && word.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Times of day (<c>09:00:55.123</c>, <c>00:01</c>), IPv6 and MAC addresses.</summary>
    private static bool IsColonGroups(ReadOnlySpan<char> core)
    {
        if (!core.Contains(':') || !core.ContainsAnyInRange('0', '9'))
        {
            return false;
        }

        var groups = 0;
        var clock = true;
        var hex = true;
        foreach (var range in core.Split(':'))
        {
            var group = core[range];
            groups++;
            clock &= group.Length > 0 && NumberLength(group, 0) == group.Length && group.IndexOf('.') is var dot && (dot < 0 ? group.Length : dot) <= 2;
            hex &= group.Length <= 4 && !group.ContainsAnyExcept(HexDigits);
        }

        return (clock && groups >= 2) || (hex && groups >= 3);
    }

    /// <summary>An IPv4 address or a host name with an optional port (<c>/10.0.0.1:50010</c>, <c>proxy.example.com:8080</c>).</summary>
    // Compiled optimized at once: see MaskedLine.Load (unoptimized, the span range helpers it calls box each character).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsAddress(ReadOnlySpan<char> core)
    {
        if (!core.Contains('.'))
        {
            return false;
        }

        if (core.StartsWith('/'))
        {
            core = core[1..];
        }

        var colon = core.LastIndexOf(':');
        var host = colon < 0 ? core : core[..colon];
        var hasPort = colon >= 0 && colon < core.Length - 1 && !core[(colon + 1)..].ContainsAnyExceptInRange('0', '9');
        if (colon >= 0 && !hasPort)
        {
            return false;
        }

        return IsIPv4(host) || (hasPort && IsHostName(host));
    }

    /// <summary>A name with at least two dots (<c>proxy.example.com</c>), so that <c>Main.java:42</c> is a file and line, not a host.</summary>
    private static bool IsNumberedHostName(ReadOnlySpan<char> core) => IsHostName(core) && core.ContainsAnyInRange('0', '9');

    /// <summary>
    /// A host name (<c>mirror.example.edu.au</c>, <c>api.example.com</c>): lower-case labels, at least three, the last a
    /// generic top-level domain or a two-letter country code after one. Such a name identifies one machine among many,
    /// so it is a value even when a log shows only one. A package named after a reversed domain
    /// (<c>com.example.mail</c>) is not taken: such names are as often fixed subsystem or error-domain names as app
    /// ids (cross-validation, docs/benchmarks.md). A name with an upper-case letter (<c>org.example.NettyService</c>,
    /// a class) or without a domain (<c>mapred.task.id</c>, a setting) is left to the counts too.
    /// </summary>
    private static bool IsDomainName(ReadOnlySpan<char> core)
    {
        if (core.Count('.') < 2 || core.ContainsAnyExcept(LowerNameCharacters) || core[0] == '.' || core[^1] == '.' || core.IndexOf("..", StringComparison.Ordinal) >= 0)
        {
            return false;
        }

        var last = core[(core.LastIndexOf('.') + 1)..];
        var beforeLast = core[..(core.Length - last.Length - 1)];
        beforeLast = beforeLast[(beforeLast.LastIndexOf('.') + 1)..];
        return IsOneOf(last, TopLevelDomains) || (last.Length == 2 && IsOneOf(beforeLast, TopLevelDomains));
    }

    private static bool IsHostName(ReadOnlySpan<char> host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (host.Count('.') >= 2 && !host.ContainsAnyExcept(HostCharacters));

    // Compiled optimized at once: see MaskedLine.Load (unoptimized, the span range helpers it calls box each character).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsIPv4(ReadOnlySpan<char> text)
    {
        var octets = 0;
        foreach (var range in text.Split('.'))
        {
            var octet = text[range];
            if (octet.IsEmpty || octet.Length > 3 || octet.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            octets++;
        }

        return octets == 4;
    }

    private static bool IsUrl(ReadOnlySpan<char> core) => core.IndexOf("://", StringComparison.Ordinal) > 0;

    private static bool IsPath(ReadOnlySpan<char> core) =>
        (core.Length > 1 && core[0] == '/' && core[1..].Contains('/'))
        || (core.Length > 2 && char.IsAsciiLetter(core[0]) && core[1] == ':' && core[2] == '\\')
        || IsQualifiedPath(core);

    /// <summary>
    /// A path under a dotted root, with a dot after the slash too: an Android component (<c>com.example.app/.MainActivity</c>),
    /// an image or module reference (<c>docker.io/library/nginx:1.25</c>, <c>k8s.io/client-go/tools/cache.go</c>).
    /// Without a dotted root (<c>apps/v1</c>, <c>text/plain</c>, <c>application/vnd.ms-excel</c>) it stays a word;
    /// the root is a name in the characters a key may have (<c>com.example-app</c>).
    /// </summary>
    private static bool IsQualifiedPath(ReadOnlySpan<char> core)
    {
        var slash = core.IndexOf('/');
        return slash > 2 && core[..slash] is var root && root.Contains('.') && (root.ContainsAnyInRange('a', 'z') || root.ContainsAnyInRange('A', 'Z')) && !root.ContainsAnyExcept(KeyCharacters)
            && core[(slash + 1)..].Contains('.');
    }

    /// <summary>Words joined by underscores with a numbered part: <c>blk_-42</c>, <c>rdd_4_2</c>, <c>attempt_2017_0024_m_4</c>.</summary>
    private static bool IsNumberedIdentifier(ReadOnlySpan<char> core)
    {
        if (!core.Contains('_'))
        {
            return false;
        }

        var numbered = false;
        foreach (var range in core.Split('_'))
        {
            var part = core[range];
            if (part.ContainsAnyExcept(KeyCharacters))
            {
                return false;
            }

            var digits = part.StartsWith('-') ? part[1..] : part;
            numbered |= digits.Length > 0 && char.IsAsciiDigit(digits[0]);
        }

        return numbered;
    }

    private static bool IsNumberWithUnit(ReadOnlySpan<char> core)
    {
        var numberLength = NumberLength(core, 0);
        return numberLength > 0 && numberLength < core.Length && IsOneOf(core[numberLength..], Units);
    }

    private static bool IsHexId(ReadOnlySpan<char> core, TokenShape shape) =>
        core.Length >= 8 && !shape.Contains(~HexClasses) && !core.ContainsAnyExcept(HexDigits);

    /// <summary>Masks each alphanumeric run of the token that is a number, a 0x-number, a hex id or (after a delimiter) a literal such as <c>true</c>, keeping the rest.</summary>
    // Compiled optimized at once: see MaskedLine.Load.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MaskEmbeddedNumbers(ReadOnlySpan<char> token, Span<char> destination)
    {
        var written = 0;
        var i = 0;
        while (i < token.Length)
        {
            if (!char.IsAsciiLetterOrDigit(token[i]))
            {
                destination[written++] = token[i++];
                continue;
            }

            var addressLength = AddressLength(token[i..]);
            if (addressLength > 0)
            {
                written += Copy(Wildcard.Marker, destination[written..]);
                i += addressLength;
                continue;
            }

            var runLength = NumberLength(token, i);
            var isValue = runLength > 0 && (i + runLength == token.Length || !IsWordCharacter(token[i + runLength]));
            if (!isValue)
            {
                runLength = WordLength(token, i);
                var word = token.Slice(i, runLength);
                isValue = IsHexNumber(word) || (i > 0 && IsOneOf(word, ValueLiterals));
            }

            if (isValue)
            {
                var signed = i > 0 && token[i - 1] == '-' && (i == 1 || !IsWordCharacter(token[i - 2]));
                written -= signed ? 1 : 0;
                written += Copy(Wildcard.Marker, destination[written..]);
            }
            else
            {
                written += Copy(token.Slice(i, runLength), destination[written..]);
            }

            i += runLength;
        }

        return written;
    }

    /// <summary>Length of an IPv4 address, with its port if any, at the start of <paramref name="text"/>, or 0.</summary>
    private static int AddressLength(ReadOnlySpan<char> text)
    {
        var length = NumberLength(text, 0);
        if (length < 7 || !IsIPv4(text[..length]))
        {
            return 0;
        }

        var port = length + 1 < text.Length && text[length] == ':' ? NumberLength(text, length + 1) : 0;
        return port > 0 ? length + 1 + port : length;
    }

    /// <summary>Length of the number (digits, with dot-separated groups) starting at <paramref name="start"/>, or 0.</summary>
    private static int NumberLength(ReadOnlySpan<char> text, int start)
    {
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
            if (end + 1 < text.Length && text[end] == '.' && char.IsAsciiDigit(text[end + 1]))
            {
                end++;
            }
        }

        return end - start;
    }

    private static int WordLength(ReadOnlySpan<char> text, int start)
    {
        var end = start;
        while (end < text.Length && IsWordCharacter(text[end]))
        {
            end++;
        }

        return end - start;
    }

    private static bool IsWordCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsHexNumber(ReadOnlySpan<char> word) =>
        (word.Length > 2 && word[0] == '0' && (word[1] == 'x' || word[1] == 'X') && !word[2..].ContainsAnyExcept(HexDigits))
        || (word.Length >= MinimumHexIdLength && !word.ContainsAnyExcept(HexDigits) && word.ContainsAnyInRange('0', '9'));

    private static int Copy(ReadOnlySpan<char> source, Span<char> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
