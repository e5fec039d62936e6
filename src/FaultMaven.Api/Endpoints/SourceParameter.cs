using FaultMaven.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FaultMaven.Api.Endpoints;

/// <summary>
/// Source names at the API's edge: every endpoint that stores or files under a source the client names (a query
/// parameter, a JSON or form field, a multipart file's name) refuses one longer than <see cref="SourceNames.MaxLength"/>
/// with a 400 naming the parameter and the limit, before anything is read or produced.
/// </summary>
internal static class SourceParameter
{
    public const string Name = "source";

    /// <summary>The name of the input a multipart file's source comes from when neither <c>?source=</c> nor the form's <c>source</c> field gives one.</summary>
    public const string FileName = "file";

    /// <summary>A validation problem naming <paramref name="parameter"/> when <paramref name="source"/> is too long for a source name; null when it is absent or fits.</summary>
    public static ValidationProblem? Refusal(string parameter, string? source)
    {
        if (source is null || SourceNames.Problem(source) is not { } problem)
        {
            return null;
        }

        var message = parameter == FileName
            ? $"the file's name names its source (no 'source' was given), and it {problem}; give a shorter 'source'"
            : $"'{parameter}' {problem}";
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [parameter] = [message] }, detail: message);
    }

    /// <summary>
    /// The source a multipart file is stored or analyzed under, and the input that named it: <paramref name="source"/>
    /// (<c>?source=</c>), else the form's <c>source</c> field, else the file's name without its extension.
    /// </summary>
    public static (string Source, string Parameter) OfFile(IFormCollection form, IFormFile file, string? source) =>
        (source ?? form[Name].FirstOrDefault()) is { } named ? (named, Name) : (Path.GetFileNameWithoutExtension(file.FileName), FileName);

    /// <summary>
    /// A multipart body's refusal: <c>?source=</c> and the form's <c>source</c> field given with different values, or
    /// the first of its files' sources that is too long; null when the body can be taken.
    /// </summary>
    public static ValidationProblem? RefusalOfForm(IFormCollection form, string? source) =>
        AgentBodies.Disagreement(Name, source, form[Name].FirstOrDefault())
        ?? form.Files.Select(file => OfFile(form, file, source)).Select(named => Refusal(named.Parameter, named.Source)).FirstOrDefault(refusal => refusal is not null);
}
