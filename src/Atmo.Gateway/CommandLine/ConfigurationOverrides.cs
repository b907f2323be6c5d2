using System.CommandLine;
using System.Diagnostics.CodeAnalysis;

namespace Atmo.Gateway.CommandLine;

/// <summary>
/// Separates the .NET configuration overrides (<c>--Section:Key=value</c>, <c>--Section:Key value</c>,
/// <c>--urls URL</c>) from a command's own arguments. System.CommandLine has no option that stands for "any other
/// name", and left to itself it would take the value of <c>--Storage:Path /x</c> as the command's file argument;
/// so every <c>--name</c> that is not one of the command's own options is an override, with the token after it as
/// its value unless it has <c>=value</c>. Everything else goes to System.CommandLine.
/// </summary>
public static class ConfigurationOverrides
{
    /// <param name="own">The tokens for System.CommandLine, in order.</param>
    /// <param name="configuration">The overrides as <c>--name=value</c>, for the command-line configuration provider.</param>
    /// <returns>False when an override has no name or no value; <paramref name="error"/> says which.</returns>
    public static bool TrySplit(
        Command command, IReadOnlyList<string> args,
        out string[] own, out string[] configuration, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(args);
        var ownNames = new HashSet<string>(StringComparer.Ordinal);
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            foreach (Option option in c.Options.Where(o => c == command || o.Recursive))
                ownNames.UnionWith([option.Name, .. option.Aliases]);
        }

        var ownTokens = new List<string>();
        var overrides = new List<string>();
        own = configuration = [];
        error = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                // "Key=value" is configuration too (the provider takes it), where no argument could want it.
                if (equals > 0 && !arg.StartsWith('-') && command.Arguments.Count == 0)
                    overrides.Add(arg);
                else
                    ownTokens.Add(arg);
                continue;
            }

            string name = equals < 0 ? arg : arg[..equals];
            if (name.Length == 2)
            {
                error = $"'{arg}' has no option name";
                return false;
            }

            if (ownNames.Contains(name))
            {
                ownTokens.Add(arg);
                continue;
            }

            string? value = equals >= 0 ? arg[(equals + 1)..] : i + 1 < args.Count ? args[++i] : null;
            if (value is null)
            {
                error = $"{name} needs a value";
                return false;
            }

            overrides.Add($"{name}={value}");
        }

        own = [.. ownTokens];
        configuration = [.. overrides];
        return true;
    }
}
