using Atmo.Sync.Api;
using Atmo.Sync.Tests.Support;
using Atmo.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Atmo.Sync.Tests.Api;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CloudApiKeyTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeLogCollector _logs = new();
    private readonly ILoggerFactory _factory;

    public CloudApiKeyTests() => _factory = new LoggerFactory([new FakeLoggerProvider(_logs)]);

    public void Dispose()
    {
        _factory.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void A_private_key_file_is_read_and_trimmed_without_warning()
    {
        string path = Path.Combine(_folder.Path, "key");
        File.WriteAllText(path, "  s3cret-key\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var key = CloudApiKey.Resolve(new CloudOptions { ApiKeyFile = path }, _factory.CreateLogger("test"));

        Assert.True(key.IsConfigured);
        Assert.Equal("s3cret-key", key.Value);
        Assert.Equal("***", key.ToString());
        Assert.Empty(_logs.Lines());
    }

    [Theory]
    [InlineData(UnixFileMode.GroupRead, "its group")]
    [InlineData(UnixFileMode.OtherRead, "everyone")]
    public void A_readable_key_file_warns_without_showing_the_key(UnixFileMode extra, string who)
    {
        string path = Path.Combine(_folder.Path, "key");
        File.WriteAllText(path, "s3cret-key");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | extra);

        CloudApiKey.Resolve(new CloudOptions { ApiKeyFile = path }, _factory.CreateLogger("test"));

        string warning = Assert.Single(_logs.Lines());
        Assert.Contains($"readable by {who}", warning, StringComparison.Ordinal);
        Assert.Contains("chmod 600", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-key", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void No_key_means_sync_off_and_a_missing_file_names_the_path()
    {
        Assert.False(CloudApiKey.Resolve(new CloudOptions(), _factory.CreateLogger("test")).IsConfigured);
        FileNotFoundException e = Assert.Throws<FileNotFoundException>(
            () => CloudApiKey.Resolve(new CloudOptions { ApiKeyFile = "/nonexistent/atmo-key" }, _factory.CreateLogger("test")));
        Assert.Contains("/nonexistent/atmo-key", e.Message, StringComparison.Ordinal);
    }
}
