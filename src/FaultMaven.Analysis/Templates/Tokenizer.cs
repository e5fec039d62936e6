namespace FaultMaven.Analysis.Templates;

internal static class Tokenizer
{
    public static string[] Split(string content) => content.Split((char[])[' ', '\t', '\r', '\n', '\f', '\v'], StringSplitOptions.RemoveEmptyEntries);
}
