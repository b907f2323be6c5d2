using Microsoft.AspNetCore.Hosting.Server;

namespace Atmo.Gateway.Api.Redaction;

public static class RedactionServices
{
    /// <summary>Where Kestrel prints a rejected request line, the raw target with its api_key included (at Debug).</summary>
    public const string KestrelBadRequests = "Microsoft.AspNetCore.Server.Kestrel.BadRequests";

    /// <summary>
    /// No secret from a URL reaches a log, whatever the logging settings: the server takes secret query values out of
    /// every request before the host logs it (<see cref="RedactingServer"/>), and Kestrel's bad-request lines, which
    /// print the raw request target, stay at Warning for every provider a rule names. Call after the server is
    /// registered (the web host's builder does it).
    /// </summary>
    public static IServiceCollection AddQueryRedaction(this IServiceCollection services)
    {
        ServiceDescriptor server = services.LastOrDefault(d => d.ServiceType == typeof(IServer))
            ?? throw new InvalidOperationException("No web server is registered to redact requests for.");
        services.Remove(server);
        services.Add(server.ImplementationType is { } type
            ? ServiceDescriptor.Singleton(type, type)
            : throw new InvalidOperationException($"The web server registration ({server}) is not a type; it cannot be wrapped."));
        services.AddSingleton<IServer>(sp => new RedactingServer((IServer)sp.GetRequiredService(type)));

        // A provider-specific rule beats a generic one, and among equals the last added wins: so one rule per
        // provider, added after the configuration's (post-configure), for the one category that prints raw targets.
        services.PostConfigure<LoggerFilterOptions>(options =>
        {
            foreach (string? provider in options.Rules.Select(r => r.ProviderName).Append(null).Distinct().ToList())
                options.Rules.Add(new LoggerFilterRule(provider, KestrelBadRequests, LogLevel.Warning, null));
        });
        return services;
    }
}
