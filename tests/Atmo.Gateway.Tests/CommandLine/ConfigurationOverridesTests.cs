using System.CommandLine;
using Atmo.Gateway.CommandLine;

namespace Atmo.Gateway.Tests.CommandLine;

public sealed class ConfigurationOverridesTests
{
    private static Command ImportLike() =>
        new("import") { new Argument<string[]>("files"), new Option<string>("--mac"), new Option<bool>("--dry-run") };

    [Fact]
    public void Splits_own_options_flags_and_arguments_from_configuration_overrides()
    {
        Assert.True(ConfigurationOverrides.TrySplit(ImportLike(),
            ["/home/pi/export.csv", "--mac", "AA:BB:CC:DD:EE:FF", "--Storage:Path=/tmp/x.db", "--dry-run", "--Api:RateLimitPerMinute", "5", "second"],
            out string[] own, out string[] configuration, out string? error), error);

        Assert.Equal(["/home/pi/export.csv", "--mac", "AA:BB:CC:DD:EE:FF", "--dry-run", "second"], own);
        Assert.Equal(["--Storage:Path=/tmp/x.db", "--Api:RateLimitPerMinute=5"], configuration);
    }

    [Fact]
    public void An_override_takes_the_next_token_as_its_value_even_before_an_argument()
    {
        Assert.True(ConfigurationOverrides.TrySplit(ImportLike(), ["--Storage:Path", "/tmp/x.db", "file.csv", "--urls", "http://127.0.0.1:1"],
            out string[] own, out string[] configuration, out _));

        Assert.Equal(["file.csv"], own);
        Assert.Equal(["--Storage:Path=/tmp/x.db", "--urls=http://127.0.0.1:1"], configuration);
    }

    [Fact]
    public void Key_equals_value_is_configuration_only_for_a_command_without_arguments()
    {
        Assert.True(ConfigurationOverrides.TrySplit(new Command("daemon"), ["Storage:Path=/tmp/x.db"], out string[] own, out string[] configuration, out _));
        Assert.Empty(own);
        Assert.Equal(["Storage:Path=/tmp/x.db"], configuration);

        Assert.True(ConfigurationOverrides.TrySplit(ImportLike(), ["a=b.csv"], out own, out configuration, out _));
        Assert.Equal(["a=b.csv"], own);
        Assert.Empty(configuration);
    }

    [Theory]
    [InlineData("--", "'--' has no option name")]
    [InlineData("--=x", "'--=x' has no option name")]
    [InlineData("--Storage:Path", "--Storage:Path needs a value")]
    public void Rejects_a_malformed_override_with_a_message(string args, string expected)
    {
        Assert.False(ConfigurationOverrides.TrySplit(ImportLike(), args.Split('|'), out _, out _, out string? error));
        Assert.Equal(expected, error);
    }
}
