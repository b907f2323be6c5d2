using System.CommandLine;
using Atmo.Core;

namespace Atmo.Gateway.CommandLine;

/// <summary>The <c>--mac</c> option of the commands that name a device: any form <see cref="MacAddress.TryParse"/> takes, else a usage error.</summary>
public static class MacOption
{
    public static Option<MacAddress> Create(string description) => new("--mac")
    {
        Description = description,
        HelpName = "MAC",
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (MacAddress.TryParse(text, out MacAddress mac))
                return mac;
            result.AddError($"--mac '{text}' is not a Bluetooth address; expected AA:BB:CC:DD:EE:FF");
            return default;
        },
    };
}
