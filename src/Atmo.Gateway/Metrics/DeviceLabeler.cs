using System.Security.Cryptography;
using System.Text;
using Atmo.Core;

namespace Atmo.Gateway.Metrics;

/// <summary>The <c>device</c> label of a metric series, as <see cref="MetricsOptions.DeviceLabels"/> says.</summary>
public sealed class DeviceLabeler(string mode, IReadOnlyDictionary<MacAddress, string> names)
{
    public const string Name = "name";
    public const string Hashed = "hashed";
    public const string Mac = "mac";

    public static IReadOnlyList<string> Modes { get; } = [Name, Hashed, Mac];

    public string Label(MacAddress device) => mode switch
    {
        Mac => device.ToString(),
        Name when names.TryGetValue(device, out string? name) => name,
        _ => HashedLabel(device),
    };

    /// <summary>
    /// Stable across restarts and machines, so dashboards keep their series; a pseudonym, not a secret: whoever
    /// knows a MAC can compute its label, but the label does not give the MAC away.
    /// </summary>
    public static string HashedLabel(MacAddress device) =>
        "dev-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("atmo-edge:" + device)).AsSpan(0, 4));
}
