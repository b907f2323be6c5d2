using System.Text.RegularExpressions;

namespace Atmo.Sync.Api;

/// <summary>Removes the API key from anything that may reach a log or an exception message.</summary>
public sealed partial class ApiKeyRedactor(string? apiKey)
{
    public const string Mask = "***";

    /// <summary>The text with every <c>api_key=…</c> value and every occurrence of the key masked.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return text ?? string.Empty;
        string result = ApiKeyParameter().Replace(text, "$1" + Mask);
        if (!string.IsNullOrEmpty(apiKey))
        {
            result = result.Replace(apiKey, Mask, StringComparison.Ordinal);
            string escaped = Uri.EscapeDataString(apiKey);
            if (escaped != apiKey)
                result = result.Replace(escaped, Mask, StringComparison.OrdinalIgnoreCase);
        }
        return result;
    }

    /// <summary>Redacts any <c>api_key=</c> query value; for texts that may hold someone else's key.</summary>
    public static string RedactParameter(string text) => ApiKeyParameter().Replace(text, "$1" + Mask);

    [GeneratedRegex(@"(api_key=)[^&\s""'#]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ApiKeyParameter();
}
