using System.Diagnostics;
using Atmo.Simulator.Bus;

namespace Atmo.Simulator.Tests.Bus;

public class PrivateDbusDaemonTests
{
    [Fact]
    public async Task Starts_on_a_unix_socket_in_a_temp_folder_and_is_gone_with_its_folder_after_dispose()
    {
        PrivateDbusDaemon bus = await PrivateDbusDaemon.StartAsync();
        int pid = bus.ProcessId;
        Assert.StartsWith("unix:path=" + bus.Folder + "/bus", bus.Address, StringComparison.Ordinal);
        Assert.StartsWith(Path.GetTempPath().TrimEnd('/') + "/atmo-bus-", bus.Folder, StringComparison.Ordinal);
        Assert.Contains("dbus-daemon", Process.GetProcessById(pid).ProcessName, StringComparison.Ordinal);

        await bus.DisposeAsync();

        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
        Assert.False(Directory.Exists(bus.Folder));
    }

    [Fact]
    public async Task A_missing_binary_fails_loudly_with_the_package_to_install()
    {
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => PrivateDbusDaemon.StartAsync("/nonexistent/dbus-daemon"));

        Assert.Contains("apt-get install dbus-daemon", e.Message, StringComparison.Ordinal);
    }
}
