using System.Runtime.Versioning;
using Atmo.Gateway.Api.Access;

namespace Atmo.Gateway.Tests.Api.Access;

[SupportedOSPlatform("linux")]
public sealed class ApiKeyFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atmo-keys-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_default_path_is_api_key_beside_the_database()
    {
        Assert.Equal("/var/lib/atmo-edge/api-key", ApiKeyFile.ResolvePath(null, "/var/lib/atmo-edge/atmo-edge.db"));
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "data", "api-key"), ApiKeyFile.ResolvePath("", "data/atmo-edge.db"));
        Assert.Equal("/etc/atmo-edge/keys", ApiKeyFile.ResolvePath("/etc/atmo-edge/keys", "/var/lib/atmo-edge/atmo-edge.db"));
    }

    [Fact]
    public void Create_writes_a_random_key_readable_by_the_owner_only_and_creates_the_folder()
    {
        string path = Path.Combine(_folder, "nested", "api-key");

        string first = ApiKeyFile.Create(path);
        string second = ApiKeyFile.Create(Path.Combine(_folder, "other"));

        Assert.Equal([first], ApiKeyFile.Read(path));
        Assert.Matches("^[0-9a-f]{40}$", first);
        Assert.NotEqual(first, second);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.False(ApiKeyFile.IsReadableByOthers(path));
    }

    [Fact]
    public void Create_never_overwrites_an_existing_file()
    {
        string path = Path.Combine(_folder, "api-key");
        File.WriteAllText(path, "existing-key-0001\n");

        Assert.Throws<IOException>(() => ApiKeyFile.Create(path));
        Assert.Equal(["existing-key-0001"], ApiKeyFile.Read(path));
    }

    [Fact]
    public void Read_skips_blank_lines_and_comments_and_trims()
    {
        string path = Path.Combine(_folder, "keys");
        File.WriteAllText(path, "# a comment\n\n  first-key-0001  \r\nsecond-key-0002\n# another\n");

        Assert.Equal(["first-key-0001", "second-key-0002"], ApiKeyFile.Read(path));
    }

    [Fact]
    public void Read_rejects_an_unusable_key_by_line_number_without_echoing_it()
    {
        string path = Path.Combine(_folder, "keys");
        File.WriteAllText(path, "first-key-0001\nshort\n");

        var exception = Assert.Throws<InvalidOperationException>(() => ApiKeyFile.Read(path));

        Assert.StartsWith($"Line 2 of the API key file '{path}' is shorter than 8 characters", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short\n", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_world_readable_file_is_noticed()
    {
        string path = Path.Combine(_folder, "keys");
        File.WriteAllText(path, "first-key-0001\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        Assert.True(ApiKeyFile.IsReadableByOthers(path));
    }
}
