using Atmo.Gateway.CommandLine;

namespace Atmo.Gateway.Tests.CommandLine;

public sealed class CommandArgumentsTests
{
    private sealed class ImportLike : ICliCommand
    {
        public string Name => "import";
        public string Usage => "import <file> --mac <MAC>";
        public string Summary => "test";
        public IReadOnlyCollection<string> ValueOptions => ["mac"];
        public IReadOnlyCollection<string> Flags => ["dry-run"];
        public Task<int> RunAsync(CommandContext context) => Task.FromResult(0);
    }

    [Fact]
    public void Splits_own_options_flags_and_positionals_from_configuration_overrides()
    {
        Assert.True(CommandArguments.TryParse(new ImportLike(),
            ["/home/pi/export.csv", "--mac", "AA:BB:CC:DD:EE:FF", "--Storage:Path=/tmp/x.db", "--dry-run", "--Api:RateLimitPerMinute", "5", "second"],
            out CommandArguments? arguments, out string? error), error);

        Assert.Equal(["/home/pi/export.csv", "second"], arguments.Positional);
        Assert.Equal("AA:BB:CC:DD:EE:FF", arguments.Option("mac"));
        Assert.Equal("AA:BB:CC:DD:EE:FF", arguments.Option("MAC"));
        Assert.True(arguments.HasFlag("dry-run"));
        Assert.Equal(["--Storage:Path=/tmp/x.db", "--Api:RateLimitPerMinute=5"], arguments.ConfigurationArgs);
    }

    [Fact]
    public void Accepts_option_equals_value()
    {
        Assert.True(CommandArguments.TryParse(new ImportLike(), ["--mac=AA:BB:CC:DD:EE:FF"], out CommandArguments? arguments, out _));
        Assert.Equal("AA:BB:CC:DD:EE:FF", arguments.Option("mac"));
        Assert.False(arguments.HasFlag("dry-run"));
    }

    [Theory]
    [InlineData("--mac", "--mac needs a value")]
    [InlineData("--mac=1|--mac=2", "--mac is given more than once")]
    [InlineData("--dry-run=yes", "--dry-run takes no value")]
    [InlineData("-m", "unknown option '-m'")]
    [InlineData("--", "has no option name")]
    [InlineData("--Storage:Path", "--Storage:Path needs a value")]
    public void Rejects_malformed_arguments_with_a_message(string args, string expected)
    {
        Assert.False(CommandArguments.TryParse(new ImportLike(), args.Split('|'), out _, out string? error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.StartsWith("import: ", error, StringComparison.Ordinal);
    }
}
