using System.Globalization;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Api;

/// <summary>Checks <see cref="ApiOptions"/> at start; messages name the setting and what to write. Never echoes a key.</summary>
internal sealed class ApiOptionsValidator(IConfiguration configuration) : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        // Name each bad key by its configuration path (Api:Keys:2 stays Api:Keys:2 even when 0 and 1 are unset).
        foreach (IConfigurationSection key in configuration.GetSection($"{ApiOptions.SectionName}:{nameof(ApiOptions.Keys)}").GetChildren())
        {
            if (ApiKeyRules.Check(key.Value) is { } problem)
                failures.Add($"{key.Path} {problem}");
        }

        if (failures.Count == 0 && options.Keys.Select(ApiKeyRules.Check).FirstOrDefault(p => p is not null) is { } codeProblem)
            failures.Add($"Api:Keys has a key that {codeProblem}");

        if (options.KeyFile is not null && string.IsNullOrWhiteSpace(options.KeyFile))
            failures.Add("Api:KeyFile is blank; remove the setting to use 'api-key' beside the database, or give a file path");
        else if (options.KeyFile is not null && Directory.Exists(options.KeyFile))
            failures.Add($"Api:KeyFile '{options.KeyFile}' is a folder; give the path of a file, e.g. {Path.Combine(options.KeyFile, "api-key")}");

        if (options.RateLimitPerMinute is < 1 or > ApiOptions.MaxRateLimitPerMinute)
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"Api:RateLimitPerMinute is {options.RateLimitPerMinute}; give the requests allowed per minute per key, from 1 to {ApiOptions.MaxRateLimitPerMinute} (default 60)"));

        if (!LimitWithDatesRules.TryParse(options.LimitWithDates, out _))
            failures.Add($"Api:LimitWithDates is '{options.LimitWithDates}'; give cloud (default: a limit up to 1440 is ignored with dates, a larger one is a page size), " +
                "apply (the limit always applies) or ignore (the limit never applies with dates); see docs/api-contract.md");

        failures.AddRange(ServerLimitsProblems(options));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The web server's limits (<see cref="ApiServices"/> applies them only when this is empty).</summary>
    public static List<string> ServerLimitsProblems(ApiOptions options)
    {
        var problems = new List<string>();
        if (options.MaxConnections is < 1 or > 10_000)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Api:MaxConnections is {options.MaxConnections}; give the open connections allowed at once, from 1 to 10000 (default 200)"));
        if (options.RequestHeadersTimeout < TimeSpan.FromSeconds(1) || options.RequestHeadersTimeout > TimeSpan.FromMinutes(5))
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Api:RequestHeadersTimeout is {options.RequestHeadersTimeout}; give 00:00:01 to 00:05:00 (default 00:00:10)"));
        if (options.MaxRequestBodyBytes is < 1024 or > 100L * 1024 * 1024)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Api:MaxRequestBodyBytes is {options.MaxRequestBodyBytes}; give 1024 to 104857600 (default 65536: every endpoint is a GET)"));
        return problems;
    }
}
