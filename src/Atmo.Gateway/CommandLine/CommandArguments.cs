using System.Diagnostics.CodeAnalysis;

namespace Atmo.Gateway.CommandLine;

/// <summary>A command's arguments, split into its own (positional, options, flags) and configuration overrides.</summary>
public sealed class CommandArguments
{
    private CommandArguments(
        IReadOnlyList<string> positional, IReadOnlyDictionary<string, string> options,
        IReadOnlySet<string> flags, IReadOnlyList<string> configurationArgs)
    {
        Positional = positional;
        Options = options;
        Flags = flags;
        ConfigurationArgs = configurationArgs;
    }

    /// <summary>Arguments that do not start with <c>-</c>, in order (e.g. a file path, even <c>/tmp/x.csv</c>).</summary>
    public IReadOnlyList<string> Positional { get; }

    /// <summary>The command's own value options by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    /// <summary>The command's own flags that were given.</summary>
    public IReadOnlySet<string> Flags { get; }

    /// <summary>Everything else, for the standard command-line configuration provider (<c>--Section:Key=value</c>, <c>--urls x</c>).</summary>
    public IReadOnlyList<string> ConfigurationArgs { get; }

    public string? Option(string name) => Options.GetValueOrDefault(name);

    public bool HasFlag(string name) => Flags.Contains(name);

    /// <summary>
    /// <c>--name value</c> or <c>--name=value</c> for the command's value options, <c>--name</c> for its flags,
    /// bare words as positional; any other <c>--key value</c> / <c>--key=value</c> is configuration.
    /// </summary>
    public static bool TryParse(
        ICliCommand command, IReadOnlyList<string> args,
        [NotNullWhen(true)] out CommandArguments? arguments, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(args);
        var valueOptions = new HashSet<string>(command.ValueOptions, StringComparer.OrdinalIgnoreCase);
        var flagNames = new HashSet<string>(command.Flags, StringComparer.OrdinalIgnoreCase);
        var positional = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var flags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var configuration = new List<string>();
        arguments = null;
        error = null;

        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (arg.StartsWith('-') && arg.Length > 1)
                {
                    error = $"{command.Name}: unknown option '{arg}'; options start with --";
                    return false;
                }

                positional.Add(arg);
                continue;
            }

            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? arg[2..] : arg[2..equals];
            if (name.Length == 0)
            {
                error = $"{command.Name}: '{arg}' has no option name";
                return false;
            }

            if (flagNames.Contains(name))
            {
                if (equals >= 0)
                {
                    error = $"{command.Name}: --{name} takes no value";
                    return false;
                }

                flags.Add(name);
                continue;
            }

            string? value = equals >= 0 ? arg[(equals + 1)..] : i + 1 < args.Count ? args[++i] : null;
            if (value is null)
            {
                error = $"{command.Name}: --{name} needs a value";
                return false;
            }

            if (valueOptions.Contains(name))
            {
                if (!options.TryAdd(name, value))
                {
                    error = $"{command.Name}: --{name} is given more than once";
                    return false;
                }
            }
            else
            {
                configuration.Add($"--{name}={value}");
            }
        }

        arguments = new CommandArguments(positional, options, flags, configuration);
        return true;
    }
}
