using System.Diagnostics;
using System.Globalization;

namespace Atmo.Simulator.Bus;

/// <summary>
/// A private <c>dbus-daemon</c> that allows everything and listens on a unix socket in a temporary
/// folder. Tests, <c>atmo-sim --private-bus</c> and the demo host use it instead of the system bus.
/// </summary>
/// <remarks>
/// The bus never outlives its owner (this process), however the owner ends. dbus-daemon is started by a small
/// shell, its keeper, whose standard input is a pipe that only this process can write to. The keeper waits for
/// the end of that input: it comes when <see cref="DisposeAsync"/> closes the pipe, and also when the kernel
/// closes it because this process died (SIGKILL, a crash, a signal that does not let .NET clean up). Then the
/// keeper stops dbus-daemon and removes the folder. Unlike PR_SET_PDEATHSIG, which follows the thread that
/// started the child (and .NET threads come and go), a pipe follows the process. The keeper ignores SIGINT, SIGHUP
/// and SIGTERM, and the daemon SIGINT: Ctrl+C at a terminal, a closed terminal or a SIGTERM to the whole group
/// (systemd) ends the owner, whose end then ends the keeper and the bus.
/// </remarks>
public sealed class PrivateDbusDaemon : IAsyncDisposable
{
    /// <summary>Where Debian's <c>dbus-daemon</c> package installs the binary.</summary>
    public const string DefaultBinary = "/usr/bin/dbus-daemon";

    /// <summary>The prefix of the bus folders in the temporary folder.</summary>
    public const string FolderPrefix = "atmo-bus-";

    private const string ConfigTemplate = """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>system</type>
          <listen>unix:path=$SOCKET</listen>
          <auth>EXTERNAL</auth>
          <auth>ANONYMOUS</auth>
          <allow_anonymous/>
          <policy context="default">
            <allow user="*"/>
            <allow own="*"/>
            <allow send_type="method_call"/>
            <allow send_type="signal"/>
            <allow send_requested_reply="true" send_type="method_return"/>
            <allow send_requested_reply="true" send_type="error"/>
            <allow receive_type="method_call"/>
            <allow receive_type="method_return"/>
            <allow receive_type="error"/>
            <allow receive_type="signal"/>
            $EXTRA
          </policy>
          <apparmor mode="disabled"/>
          <limit name="reply_timeout">60000</limit>
        </busconfig>
        """;

    /// <summary>
    /// The keeper: $0 is dbus-daemon, $1 the folder. It prints what dbus-daemon prints (the address, then its pid),
    /// then closes its own stdout so that the owner sees the end of it if dbus-daemon fails, and waits for the end
    /// of its stdin.
    /// </summary>
    private const string Keeper = """
        trap '' INT HUP TERM
        "$0" --config-file="$1/bus.conf" --print-address=1 --print-pid=1 --nofork 2>"$1/dbus-daemon.log" &
        daemon=$!
        exec >/dev/null
        cat >/dev/null
        kill -TERM "$daemon" 2>/dev/null
        wait "$daemon"
        rm -rf "$1"
        """;

    private readonly Process _keeper;
    private readonly string _directory;

    private PrivateDbusDaemon(Process keeper, string directory, string address, int processId)
    {
        _keeper = keeper;
        _directory = directory;
        Address = address;
        ProcessId = processId;
    }

    /// <summary>The bus address, e.g. <c>unix:path=/tmp/atmo-bus-x/bus,guid=…</c>.</summary>
    public string Address { get; }

    /// <summary>The dbus-daemon's process id.</summary>
    public int ProcessId { get; }

    /// <summary>The folder that holds the socket and the configuration; removed with the bus.</summary>
    public string Folder => _directory;

    /// <summary>Starts the daemon and waits until it prints its address.</summary>
    /// <exception cref="FileNotFoundException">dbus-daemon is not installed.</exception>
    public static Task<PrivateDbusDaemon> StartAsync(string binary = DefaultBinary, CancellationToken cancellationToken = default) =>
        StartAsync(denyCallsToBlueZ: false, binary, cancellationToken);

    /// <param name="denyCallsToBlueZ">
    /// True: the policy refuses method calls to org.bluez, as the system bus does for a user outside the
    /// bluetooth group (calls fail with org.freedesktop.DBus.Error.AccessDenied).
    /// </param>
    public static async Task<PrivateDbusDaemon> StartAsync(bool denyCallsToBlueZ, string binary = DefaultBinary, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(binary))
        {
            throw new FileNotFoundException(
                $"'{binary}' is missing: the BLE emulator needs a private D-Bus daemon. Install it with 'apt-get install dbus-daemon'.",
                binary);
        }

        string directory = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
        Process? keeper = null;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "bus.conf"), ConfigTemplate
                .Replace("$SOCKET", Path.Combine(directory, "bus"), StringComparison.Ordinal)
                .Replace("$EXTRA", denyCallsToBlueZ ? """<deny send_destination="org.bluez" send_type="method_call"/>""" : "", StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);

            var start = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (string argument in (string[])["-c", Keeper, binary, directory])
                start.ArgumentList.Add(argument);
            keeper = Process.Start(start) ?? throw new InvalidOperationException("Could not start /bin/sh for dbus-daemon.");

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            string? address = await keeper.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            string? pid = await keeper.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(address) || !int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out int processId))
            {
                string log = Path.Combine(directory, "dbus-daemon.log");
                string error = File.Exists(log) ? (await File.ReadAllTextAsync(log, cancellationToken).ConfigureAwait(false)).Trim() : "";
                throw new InvalidOperationException($"dbus-daemon exited without printing its address: {error}");
            }

            return new PrivateDbusDaemon(keeper, directory, address.Trim(), processId);
        }
        catch
        {
            if (keeper is not null)
                await StopAsync(keeper).ConfigureAwait(false);
            TryDelete(directory);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_keeper).ConfigureAwait(false);
        // The keeper removed it; a keeper that was killed from outside did not.
        TryDelete(_directory);
    }

    /// <summary>Ends the keeper's input, so that it stops dbus-daemon and removes the folder, and waits for it.</summary>
    private static async Task StopAsync(Process keeper)
    {
        try
        {
            keeper.StandardInput.Close();
            await keeper.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or IOException)
        {
            keeper.Kill(entireProcessTree: true);
        }
        finally
        {
            keeper.Dispose();
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
