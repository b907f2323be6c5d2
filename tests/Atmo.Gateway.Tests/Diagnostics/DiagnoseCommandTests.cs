using Atmo.Gateway.Diagnostics;
using Atmo.Gateway.Tests.TestSupport;

namespace Atmo.Gateway.Tests.Diagnostics;

public sealed class DiagnoseCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("atmo-diagnose-").FullName;

    private void Fake(string relative, string content)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await GatewayApp.CreateCli(output, error, commands: [new DiagnoseCommand(_root)]).RunAsync(["diagnose", .. args]);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Reports_system_bluetooth_and_database_with_secrets_and_macs_masked()
    {
        Fake("etc/os-release", "NAME=\"Debian\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        Fake("proc/sys/kernel/osrelease", "6.1.0-rpi7-rpi-v8\n");
        Fake("lib/systemd/system/bluetooth.service", "[Service]\nExecStart=/usr/libexec/bluetooth/bluetoothd --experimental\n");
        Directory.CreateDirectory(Path.Combine(_root, "sys/class/bluetooth/hci0"));
        Fake("sys/class/rfkill/rfkill0/type", "bluetooth\n");
        Fake("sys/class/rfkill/rfkill0/soft", "1\n");
        Fake("sys/class/rfkill/rfkill0/hard", "0\n");
        using var lite = new TempLiteDbStore(TestData.ContractRecords());
        lite.Store.Dispose(); // the command opens the file itself
        string db = lite.Path;

        (int exit, string output, string error) = await RunAsync(
            $"--Storage:Path={db}", "--Api:Keys:0=super-secret-api-key-1", "--Cloud:ApiKey=cloud-secret-key-99",
            "--Sync:Token=token-secret-77", "--Devices:0:Mac=C2:2B:42:15:30:89", "--Devices:C22B42153089:Name=Kitchen");

        Assert.True(exit == 0, error);
        Assert.Contains("OS: Debian GNU/Linux 12 (bookworm)", output, StringComparison.Ordinal);
        Assert.Contains("kernel: 6.1.0-rpi7-rpi-v8", output, StringComparison.Ordinal);
        Assert.Contains("(experimental on)", output, StringComparison.Ordinal);
        Assert.Contains("adapters: hci0", output, StringComparison.Ordinal);
        Assert.Contains("rfkill rfkill0: bluetooth, soft blocked, hard unblocked", output, StringComparison.Ordinal);
        Assert.Contains("devices: 1", output, StringComparison.Ordinal);
        Assert.Contains("history 1, cloud 1, live 0", output, StringComparison.Ordinal);

        foreach (string secret in (string[])["super-secret-api-key-1", "cloud-secret-key-99", "token-secret-77"])
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        Assert.Contains("Api:Keys:0 = *** (22 characters)", output, StringComparison.Ordinal);
        Assert.Contains("Cloud:ApiKey = ***", output, StringComparison.Ordinal);
        foreach (string mac in (string[])["C2:2B:42:15:30:89", "C22B42153089", "11:22:33:44:55:66"])
            Assert.DoesNotContain(mac, output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Devices:0:Mac = **:**:**:**:30:89", output, StringComparison.Ordinal);
        Assert.Contains("**:**:**:**:55:66: ", output, StringComparison.Ordinal);
        Assert.Contains($"Storage:Path = {db}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_files_and_tools_read_not_found()
    {
        (int exit, string output, _) = await RunAsync($"--Storage:Path={_root}/none.db");

        Assert.Equal(0, exit);
        Assert.Contains("OS: not found", output, StringComparison.Ordinal);
        Assert.Contains("rfkill: not found", output, StringComparison.Ordinal);
        Assert.Contains("adapters: none found", output, StringComparison.Ordinal);
        Assert.Contains($"file: {_root}/none.db, not found", output, StringComparison.Ordinal);
        Assert.False(File.Exists($"{_root}/none.db"), "diagnose changes nothing");
        Assert.Equal("not found", ToolRunner.Run("atmo-edge-no-such-tool-xyz"));
    }

    [Theory]
    [InlineData("Api:Keys:0", true)]
    [InlineData("Cloud:ApiKey", true)]
    [InlineData("Sync:ClientSecret", true)]
    [InlineData("Api:KeyFile", false)]
    [InlineData("Storage:Path", false)]
    public void Secret_settings_are_recognised_by_name(string key, bool secret) =>
        Assert.Equal(secret, Redaction.IsSecretSetting(key));

    [Fact]
    public void Macs_in_any_notation_are_masked_to_their_last_two_bytes() =>
        Assert.Equal("a **:**:**:**:30:89 b **:**:**:**:30:89 c", Redaction.MaskMacs("a c2:2b:42:15:30:89 b C2-2B-42-15-30-89 c"));

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
