using System.Buffers;

namespace FaultMaven.Analysis.Templates;

internal static class Tokenizer
{
    public static readonly SearchValues<char> Whitespace = SearchValues.Create(" \t\r\n\f\v");

    public static string[] Split(string content) => content.Split((char[])[' ', '\t', '\r', '\n', '\f', '\v'], StringSplitOptions.RemoveEmptyEntries);
}
