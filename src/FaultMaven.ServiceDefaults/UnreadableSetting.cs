using System.Text.RegularExpressions;
using FaultMaven.Contracts;

namespace FaultMaven.ServiceDefaults;

/// <summary>
/// A configuration value the binder could not convert to its setting's type (<c>FAULTMAVEN__SINKS__MAXBATCHSIZE=abc</c>),
/// worded as a range error is: the key, the kind of value it takes and what it was. Binding throws an
/// <see cref="InvalidOperationException"/> whose message is all that names the key, which reached the log as an
/// unhandled error with the host's whole stack trace.
/// </summary>
public static partial class UnreadableSetting
{
    private const int MaxValueLength = 60;

    /// <summary>
    /// <c>FaultMaven:Sinks:MaxBatchSize must be a whole number (was 'abc')</c> for a binding failure anywhere in
    /// <paramref name="exception"/>'s chain of inner exceptions; null for any other error.
    /// </summary>
    public static string? Describe(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is InvalidOperationException && BindingFailure().Match(current.Message) is { Success: true } failure)
            {
                var value = failure.Groups["value"].Value;
                var was = failure.Groups["value"].Success ? $" (was '{(value.Length > MaxValueLength ? value[..MaxValueLength] + "…" : value)}')" : "";
                return $"{failure.Groups["key"].Value} must be {KindOf(failure.Groups["type"].Value)}{was}";
            }
        }

        return null;
    }

    /// <summary>A CLR type's full name (<c>System.Nullable`1[System.Int32]</c>, <c>FaultMaven.Analysis.LogFormat</c>) as the kind of value it takes.</summary>
    private static string KindOf(string typeName)
    {
        var type = NullableOf().Match(typeName) is { Success: true } nullable ? nullable.Groups["type"].Value : typeName;
        var name = type[(type.LastIndexOf('.') + 1)..];
        var enumType = AppDomain.CurrentDomain.GetAssemblies().Select(assembly => assembly.GetType(type)).FirstOrDefault(found => found is { IsEnum: true });
        return ValueKinds.Of(name)
            ?? (enumType is not null ? $"one of {string.Join(", ", Enum.GetNames(enumType))}" : $"a value of type {name}");
    }

    // Microsoft.Extensions.Configuration.Binder's Error_FailedBinding; releases before .NET 9 left the value out.
    [GeneratedRegex(@"^Failed to convert configuration value (?:'(?<value>.*)' )?at '(?<key>[^']*)' to type '(?<type>[^']*)'\.$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex BindingFailure();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<type>.+)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex NullableOf();
}
