using System.Security.Cryptography;
using System.Text;

namespace Atmo.Gateway.Api.Access;

/// <summary>
/// The accepted API keys, held only as SHA-256 hashes. A presented key is hashed and compared with
/// every stored hash in constant time, so neither the key's content nor which key matched leaks
/// through timing.
/// </summary>
public sealed class ApiKeyRing
{
    private readonly byte[][] _hashes;

    public ApiKeyRing(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _hashes = keys.Distinct(StringComparer.Ordinal).Select(Hash).ToArray();
    }

    /// <summary>Number of distinct keys.</summary>
    public int Count => _hashes.Length;

    /// <summary>The index of the matching key (stable for the process lifetime), or -1.</summary>
    public int Find(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
            return -1;
        byte[] hash = Hash(presented);
        int found = -1;
        for (int i = 0; i < _hashes.Length; i++)
        {
            // No early exit: every key is compared whatever matched.
            if (CryptographicOperations.FixedTimeEquals(hash, _hashes[i]))
                found = i;
        }

        return found;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
