using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FaultMaven.ServiceDefaults;

/// <summary>Binds an options section and checks it at start, failing with messages that name the bad keys.</summary>
public static class ValidatedOptions
{
    public static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section, Func<T, IEnumerable<string>> validate)
        where T : class
    {
        services.AddOptions<T>()
            .Bind(configuration.GetSection(section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new Validator<T>(validate));
        return services;
    }

    /// <summary>Binds and validates now, for code that needs the values while it is still wiring services.</summary>
    public static T GetValidated<T>(this IConfiguration configuration, string section, Func<T, IEnumerable<string>> validate)
        where T : class, new()
    {
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        var failures = validate(options).ToList();
        return failures.Count == 0 ? options : throw new OptionsValidationException(section, typeof(T), failures);
    }

    private sealed class Validator<T>(Func<T, IEnumerable<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var failures = validate(options).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
