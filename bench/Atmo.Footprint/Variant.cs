namespace Atmo.Footprint;

/// <summary>
/// One configuration of the daemon under test: <c>NAME:SETTING,SETTING</c>, where a setting starting with
/// <c>--</c> is a daemon argument (<c>--Storage:Durability=ProcessCrashOnly</c>), one starting with <c>@</c> is
/// another build of the daemon to run (<c>@/tmp/main/atmo-edge.dll</c>: before and after, side by side) and any
/// other is an environment variable (<c>DOTNET_gcServer=0</c>).
/// </summary>
/// <param name="Daemon">The daemon's dll; null: <c>--edge</c>.</param>
internal sealed record Variant(string Name, IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> Arguments, string? Daemon = null)
{
    public static Variant Parse(string text)
    {
        string[] parts = text.Split(':', 2);
        string name = parts[0].Trim();
        if (name.Length == 0)
            throw new FormatException($"Variant '{text}' has no name: write NAME or NAME:DOTNET_gcServer=0,--Key=value.");
        var environment = new Dictionary<string, string>();
        var arguments = new List<string>();
        string? daemon = null;
        if (parts.Length == 2)
        {
            foreach (string setting in parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (setting.StartsWith("--", StringComparison.Ordinal))
                {
                    arguments.Add(setting);
                    continue;
                }

                if (setting.StartsWith('@'))
                {
                    daemon = Path.GetFullPath(setting[1..]);
                    if (!File.Exists(daemon))
                        throw new FormatException($"Variant '{text}': the daemon {daemon} does not exist; build it first.");
                    continue;
                }

                string[] pair = setting.Split('=', 2);
                if (pair.Length != 2 || pair[0].Length == 0)
                    throw new FormatException($"Variant '{text}': '{setting}' is neither --Key=value nor VARIABLE=value.");
                environment[pair[0]] = pair[1];
            }
        }

        return new Variant(name, environment, arguments, daemon);
    }

    public override string ToString() =>
        Environment.Count + Arguments.Count == 0 && Daemon is null
            ? Name
            : $"{Name} ({string.Join(' ', Environment.Select(e => $"{e.Key}={e.Value}").Concat(Arguments).Concat(Daemon is null ? [] : ["@" + Daemon]))})";
}
