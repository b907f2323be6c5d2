using System.Text.RegularExpressions;

namespace Atmo.Gateway.Diagnostics;

/// <summary>What a bug report must not carry: secrets (masked whole) and MAC addresses (all but the last two bytes).</summary>
public static partial class Redaction
{
    private static readonly string[] SecretWords = ["key", "secret", "password", "token"];

    /// <summary>Settings named like a secret (<c>Api:Keys:0</c>, <c>Cloud:ApiKey</c>, anything with Key, Secret, Password, Token), except file paths.</summary>
    public static bool IsSecretSetting(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string[] segments = key.Split(':');
        string last = segments[^1];
        if (last.EndsWith("File", StringComparison.OrdinalIgnoreCase) || last.EndsWith("Path", StringComparison.OrdinalIgnoreCase))
            return false;
        return segments.Any(s => SecretWords.Any(w => s.Contains(w, StringComparison.OrdinalIgnoreCase)));
    }

    public static string MaskSecret(string? value) => string.IsNullOrEmpty(value) ? "(empty)" : $"*** ({value.Length} characters)";

    /// <summary>Replaces every MAC address (<c>:</c> or <c>-</c> separated, or 12 bare hex digits in a setting name) by <c>**:**:**:**:EE:FF</c>.</summary>
    public static string MaskMacs(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return MacPattern().Replace(text, m => $"**:**:**:**:{m.Groups["e"].Value}:{m.Groups["f"].Value}".ToUpperInvariant());
    }

    [GeneratedRegex(@"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[:-]){4}(?<e>[0-9A-Fa-f]{2})[:-](?<f>[0-9A-Fa-f]{2})(?![0-9A-Fa-f])|(?<=Devices:)[0-9A-Fa-f]{8}(?<e>[0-9A-Fa-f]{2})(?<f>[0-9A-Fa-f]{2})(?![0-9A-Fa-f])")]
    private static partial Regex MacPattern();
}
