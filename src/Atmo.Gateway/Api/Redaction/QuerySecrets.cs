using Microsoft.Extensions.Primitives;

namespace Atmo.Gateway.Api.Redaction;

/// <summary>
/// The values of a request's secret query parameters, taken out of its URL before anything could log it (see
/// <see cref="RedactingServer"/>). The request itself carries <see cref="Mask"/> in their place; code that needs a
/// secret (the API key filter) reads it here.
/// </summary>
public sealed class QuerySecrets(IReadOnlyDictionary<string, StringValues> values)
{
    public const string Mask = "***";

    /// <summary>Parameters whose name holds one of these (any case) are secret: api_key, apikey, key, token, ….</summary>
    private static readonly string[] SecretParts = ["key", "token", "secret", "password"];

    /// <summary>The original values of a secret parameter; empty when the request had none.</summary>
    public StringValues this[string name] => values.TryGetValue(name, out StringValues value) ? value : StringValues.Empty;

    public static bool IsSecret(string name) =>
        Array.Exists(SecretParts, part => name.Contains(part, StringComparison.OrdinalIgnoreCase));

    /// <summary>The secrets of <paramref name="context"/>'s query (empty when it had none).</summary>
    public static StringValues Of(HttpContext context, string name) =>
        context.Features.Get<QuerySecrets>() is { } secrets ? secrets[name] : StringValues.Empty;
}
