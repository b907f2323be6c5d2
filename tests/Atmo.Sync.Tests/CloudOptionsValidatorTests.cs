using Microsoft.Extensions.Options;

namespace Atmo.Sync.Tests;

public class CloudOptionsValidatorTests
{
    private static readonly CloudOptionsValidator Validator = new();

    [Fact]
    public void Defaults_are_valid_and_documented_values()
    {
        var options = new CloudOptions();
        Assert.True(Validator.Validate(null, options).Succeeded);
        Assert.Equal(("https://api.atmotube.com", 60, 30, 15, 30), (options.BaseUrl, options.RequestsPerMinute, options.HorizonDays, options.IntervalMinutes, options.RequestTimeoutSeconds));
    }

    [Theory]
    [InlineData(nameof(CloudOptions.RequestsPerMinute), 0, "Cloud:RequestsPerMinute is 0; it must be between 1 and 10000")]
    [InlineData(nameof(CloudOptions.HorizonDays), 400, "Cloud:HorizonDays is 400; it must be between 1 and 366")]
    [InlineData(nameof(CloudOptions.IntervalMinutes), 0, "Cloud:IntervalMinutes is 0")]
    [InlineData(nameof(CloudOptions.RequestTimeoutSeconds), -1, "Cloud:RequestTimeoutSeconds is -1")]
    public void Out_of_range_numbers_say_what_is_allowed(string property, int value, string message)
    {
        var options = new CloudOptions();
        typeof(CloudOptions).GetProperty(property)!.SetValue(options, value);
        Assert.Contains(Validator.Validate(null, options).Failures!, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Both_key_settings_or_a_bad_base_url_are_refused()
    {
        Assert.Contains(Validator.Validate(null, new CloudOptions { ApiKeyFile = "/nonexistent/key" }).Failures!,
            f => f.Contains("Cloud:ApiKeyFile '/nonexistent/key' does not exist", StringComparison.Ordinal));
        var options = new CloudOptions { ApiKey = "a", ApiKeyFile = "/etc/key", BaseUrl = "api.atmotube.com" };
        IEnumerable<string> failures = Validator.Validate(null, options).Failures!;
        Assert.Contains(failures, f => f.Contains("keep only one", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("not an absolute http(s) address", StringComparison.Ordinal));
        Assert.Contains(Validator.Validate(null, new CloudOptions { BaseUrl = "https://x.test/?api_key=1" }).Failures!,
            f => f.Contains("must not contain a query string", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://api.atmotube.com", false)]
    [InlineData("http://192.168.1.20:8080", false)]
    [InlineData("https://api.atmotube.com", true)]
    [InlineData("http://127.0.0.1:5099", true)]
    [InlineData("http://localhost:5099", true)]
    [InlineData("http://[::1]:5099", true)]
    public void Plain_http_is_refused_except_on_loopback(string baseUrl, bool valid)
    {
        ValidateOptionsResult result = Validator.Validate(null, new CloudOptions { BaseUrl = baseUrl });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
            Assert.Contains(result.Failures!, f => f.Contains("is plain http", StringComparison.Ordinal) && f.Contains("Use https://", StringComparison.Ordinal));
    }
}
