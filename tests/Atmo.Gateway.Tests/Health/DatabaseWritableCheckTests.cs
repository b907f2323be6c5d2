using Atmo.Core.Operations;
using Atmo.Gateway.Health;
using Atmo.Storage;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Tests.Health;

public sealed class DatabaseWritableCheckTests
{
    [Fact]
    public void A_writable_folder_is_ok_and_no_probe_file_is_left()
    {
        string folder = Directory.CreateTempSubdirectory("atmo-dbcheck-").FullName;
        var check = new DatabaseWritableCheck(Options.Create(new StorageOptions { Path = Path.Combine(folder, "a.db") }), TimeProvider.System);

        CheckResult result = check.Check();

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Contains("MiB free", result.Detail, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
        Directory.Delete(folder);
    }

    [Fact]
    public void A_missing_folder_fails_with_advice()
    {
        var check = new DatabaseWritableCheck(Options.Create(new StorageOptions { Path = "/nonexistent-atmo-folder/a.db" }), TimeProvider.System);
        CheckResult result = check.Check();
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("not writable", result.Detail, StringComparison.Ordinal);
    }
}
