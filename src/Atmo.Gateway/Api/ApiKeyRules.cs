namespace Atmo.Gateway.Api;

/// <summary>What makes a usable API key; shared by the configured keys and the key file.</summary>
internal static class ApiKeyRules
{
    /// <returns>Null when the key is usable, otherwise the problem (without the key itself).</returns>
    public static string? Check(string? key)
    {
        if (string.IsNullOrEmpty(key))
            return $"is empty; remove it or give a key of at least {ApiOptions.MinKeyLength} characters";
        if (key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            return "contains spaces or control characters; a key travels in the URL, use letters, digits and - . _ ~";
        if (key.Length < ApiOptions.MinKeyLength)
            return $"is shorter than {ApiOptions.MinKeyLength} characters; use a longer key (e.g. the output of: openssl rand -hex 20)";
        return null;
    }
}
