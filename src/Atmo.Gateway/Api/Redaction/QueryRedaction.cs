using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Atmo.Gateway.Api.Redaction;

/// <summary>Replaces the value of every secret query parameter (<see cref="QuerySecrets.IsSecret"/>) with the mask.</summary>
public static class QueryRedaction
{
    /// <summary>The query (with its leading '?', or empty) with secret values masked; null when it holds no secret.</summary>
    /// <param name="secrets">The secret parameters' original, decoded values.</param>
    public static string? Redact(string query, out QuerySecrets? secrets)
    {
        secrets = null;
        if (string.IsNullOrEmpty(query))
            return null;
        var redacted = new StringBuilder(query.Length);
        bool any = false;
        foreach (string pair in query.TrimStart('?').Split('&'))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            redacted.Append(redacted.Length == 0 ? '?' : '&');
            if (QuerySecrets.IsSecret(name))
            {
                any = true;
                redacted.Append(equals < 0 ? pair : pair[..equals]).Append('=').Append(QuerySecrets.Mask);
            }
            else
            {
                redacted.Append(pair);
            }
        }

        if (!any)
            return null;
        Dictionary<string, StringValues> values = QueryHelpers.ParseQuery(query);
        secrets = new QuerySecrets(values.Where(v => QuerySecrets.IsSecret(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase));
        return redacted.ToString();
    }
}
