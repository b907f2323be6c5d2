using Atmo.Gateway.Api.Access;

namespace Atmo.Gateway.Tests.Api.Access;

public sealed class ApiKeyRingTests
{
    [Fact]
    public void Finds_each_key_by_its_index()
    {
        var ring = new ApiKeyRing(["first-key-0001", "second-key-0002", "third-key-0003"]);

        Assert.Equal(3, ring.Count);
        Assert.Equal(0, ring.Find("first-key-0001"));
        Assert.Equal(1, ring.Find("second-key-0002"));
        Assert.Equal(2, ring.Find("third-key-0003"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("first-key-000")]
    [InlineData("first-key-00011")]
    [InlineData("FIRST-KEY-0001")]
    [InlineData("first-key-0001 ")]
    public void Anything_but_an_exact_key_is_not_found(string? presented)
    {
        var ring = new ApiKeyRing(["first-key-0001"]);

        Assert.Equal(-1, ring.Find(presented));
    }

    [Fact]
    public void Duplicate_keys_count_once()
    {
        var ring = new ApiKeyRing(["same-key-0001", "same-key-0001"]);

        Assert.Equal(1, ring.Count);
    }

    [Fact]
    public void Non_ascii_keys_are_compared_by_their_utf8_bytes()
    {
        var ring = new ApiKeyRing(["clé-secrète-ü"]);

        Assert.Equal(0, ring.Find("clé-secrète-ü"));
        Assert.Equal(-1, ring.Find("cle-secrete-u"));
    }
}
