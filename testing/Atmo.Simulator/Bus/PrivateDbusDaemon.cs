using System.Diagnostics;

namespace Atmo.Simulator.Bus;

/// <summary>
/// A private <c>dbus-daemon</c> that allows everything and listens on a unix socket in a temporary
/// folder. Tests and <c>atmo-sim --private-bus</c> use it instead of the system bus.
/// </summary>
public sealed class PrivateDbusDaemon : IAsyncDisposable
{
    /// <summary>Where Debian's <c>dbus-daemon</c> package installs the binary.</summary>
    public const string DefaultBinary = "/usr/bin/dbus-daemon";

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

    private readonly Process _process;
    private readonly string _directory;

    private PrivateDbusDaemon(Process process, string directory, string address)
    {
        _process = process;
        _directory = directory;
        Address = address;
    }

    /// <summary>The bus address, e.g. <c>unix:path=/tmp/atmo-bus-x/bus,guid=…</c>.</summary>
    public string Address { get; }

    public int ProcessId => _process.Id;

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

        string directory = Directory.CreateTempSubdirectory("atmo-bus-").FullName;
        string config = Path.Combine(directory, "bus.conf");
        await File.WriteAllTextAsync(config, ConfigTemplate
            .Replace("$SOCKET", Path.Combine(directory, "bus"), StringComparison.Ordinal)
            .Replace("$EXTRA", denyCallsToBlueZ ? """<deny send_destination="org.bluez" send_type="method_call"/>""" : "", StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--config-file={config}");
        start.ArgumentList.Add("--print-address");
        start.ArgumentList.Add("--nofork");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{binary}'.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            string? address = await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(address))
            {
                string error = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                throw new InvalidOperationException($"dbus-daemon exited without printing its address: {error.Trim()}");
            }

            return new PrivateDbusDaemon(process, directory, address.Trim());
        }
        catch
        {
            Kill(process);
            process.Dispose();
            TryDelete(directory);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The process was killed; a zombie that lingers is not our problem to wait for.
        }

        _process.Dispose();
        TryDelete(_directory);
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
