using Atmo.Gateway.Api;
using Microsoft.Extensions.Configuration;

namespace Atmo.Gateway.Tests.Api;

public sealed class ApiOptionsValidatorTests
{
    private static IReadOnlyList<string> Validate(ApiOptions options, params (string Key, string Value)[] configuration)
    {
        IConfiguration config = new ConfigurationBuilder()
            .AddInMemoryCollection(configuration.Select(c => new KeyValuePair<string, string?>(c.Key, c.Value)))
            .Build();
        var result = new ApiOptionsValidator(config).Validate(null, options);
        return result.Succeeded ? [] : [.. result.Failures!];
    }

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(Validate(new ApiOptions()));
        Assert.Equal(60, new ApiOptions().RateLimitPerMinute);
        Assert.Empty(new ApiOptions().Keys);
        Assert.Null(new ApiOptions().KeyFile);
        Assert.Equal("cloud", new ApiOptions().LimitWithDates);
    }

    [Theory]
    [InlineData("cloud")]
    [InlineData("apply")]
    [InlineData("Ignore")]
    public void Limit_with_dates_accepts_its_three_values(string value)
    {
        Assert.Empty(Validate(new ApiOptions { LimitWithDates = value }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("clamp")]
    public void Limit_with_dates_rejects_anything_else_naming_the_values(string value)
    {
        string failure = Assert.Single(Validate(new ApiOptions { LimitWithDates = value }));

        Assert.StartsWith($"Api:LimitWithDates is '{value}'; give cloud (default:", failure, StringComparison.Ordinal);
        Assert.Contains("apply (the limit always applies) or ignore", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Api:Keys:0 is empty;")]
    [InlineData("seven77", "Api:Keys:0 is shorter than 8 characters;")]
    [InlineData("has a space", "Api:Keys:0 contains spaces or control characters;")]
    [InlineData("tab\tinside", "Api:Keys:0 contains spaces or control characters;")]
    public void Bad_configured_keys_are_named_by_their_path_without_echoing_the_key(string key, string expected)
    {
        IReadOnlyList<string> failures = Validate(new ApiOptions { Keys = [key] }, ("Api:Keys:0", key));

        string failure = Assert.Single(failures);
        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
        if (key.Length > 0)
            Assert.DoesNotContain(key, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_set_in_code_are_checked_too()
    {
        IReadOnlyList<string> failures = Validate(new ApiOptions { Keys = ["good-key-0001", "bad"] });

        Assert.StartsWith("Api:Keys has a key that is shorter than 8 characters", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_000_001)]
    public void Rate_limit_outside_1_to_a_million_is_rejected(int limit)
    {
        Assert.StartsWith($"Api:RateLimitPerMinute is {limit};", Assert.Single(Validate(new ApiOptions { RateLimitPerMinute = limit })), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1_000_000)]
    public void Rate_limit_bounds_are_accepted(int limit)
    {
        Assert.Empty(Validate(new ApiOptions { RateLimitPerMinute = limit }));
    }

    [Fact]
    public void A_blank_key_file_path_is_rejected()
    {
        Assert.StartsWith("Api:KeyFile is blank;", Assert.Single(Validate(new ApiOptions { KeyFile = "  " })), StringComparison.Ordinal);
    }
}
