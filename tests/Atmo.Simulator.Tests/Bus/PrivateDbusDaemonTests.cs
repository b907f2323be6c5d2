using System.Diagnostics;
using Atmo.Simulator.Bus;

namespace Atmo.Simulator.Tests.Bus;

public class PrivateDbusDaemonTests
{
    [Fact]
    public async Task Starts_on_a_unix_socket_in_a_temp_folder_and_is_gone_after_dispose()
    {
        PrivateDbusDaemon bus = await PrivateDbusDaemon.StartAsync();
        int pid = bus.ProcessId;
        Assert.StartsWith("unix:path=" + Path.GetTempPath().TrimEnd('/') + "/atmo-bus-", bus.Address, StringComparison.Ordinal);

        await bus.DisposeAsync();

        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }

    [Fact]
    public async Task A_missing_binary_fails_loudly_with_the_package_to_install()
    {
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => PrivateDbusDaemon.StartAsync("/nonexistent/dbus-daemon"));

        Assert.Contains("apt-get install dbus-daemon", e.Message, StringComparison.Ordinal);
    }
}
