using Atmo.Sync.Api;

namespace Atmo.Sync.Tests.Api;

public class ApiKeyRedactorTests
{
    [Theory]
    [InlineData("GET https://api.atmotube.com/api/v1/data?api_key=ab+c/d&mac=X", "GET https://api.atmotube.com/api/v1/data?api_key=***&mac=X")]
    [InlineData("key ab+c/d in a message", "key *** in a message")]
    [InlineData("escaped ab%2Bc%2Fd too", "escaped *** too")]
    [InlineData("API_KEY=other&x=1", "API_KEY=***&x=1")]
    public void The_key_and_any_api_key_parameter_are_masked(string text, string expected) =>
        Assert.Equal(expected, new ApiKeyRedactor("ab+c/d").Redact(text));
}
