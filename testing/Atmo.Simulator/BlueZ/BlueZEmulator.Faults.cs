using Atmo.Core;
using Atmo.Simulator.Devices;

namespace Atmo.Simulator.BlueZ;

// Faults on demand, for tests and for `atmo-sim` switches.
public sealed partial class BlueZEmulator
{
    /// <summary>The next <paramref name="count"/> StartDiscovery calls fail with org.bluez.Error.InProgress.</summary>
    public void FailNextStartDiscovery(int count)
    {
        lock (_sync)
            _failStartDiscovery = count;
    }

    /// <summary>Switches the adapter off or on (like rfkill / Powered = false).</summary>
    public void SetAdapterPowered(bool powered)
    {
        lock (_sync)
            SetPowered(powered);
    }

    /// <summary>Drops the radio link to a unit now, as if it went out of range for a moment.</summary>
    public void DropLink(MacAddress address)
    {
        lock (_sync)
            TearDownLink(Unit(address));
    }

    /// <summary>
    /// The unit leaves radio range: it stops advertising, its link drops, and BlueZ forgets the
    /// device object (as it does for temporary devices it no longer sees).
    /// </summary>
    public void LeaveRange(MacAddress address)
    {
        lock (_sync)
        {
            EmulatedAtmotube unit = Unit(address);
            unit.InRange = false;
            TearDownLink(unit);
            RemoveObject(DevicePath(address));
        }
    }

    public void EnterRange(MacAddress address)
    {
        lock (_sync)
            Unit(address).InRange = true;
    }

    /// <summary>The USB dongle is pulled out: every object under hci0 and hci0 itself disappear.</summary>
    public void UnplugAdapter()
    {
        lock (_sync)
        {
            foreach (EmulatedAtmotube unit in _units.Where(u => u.Connected))
                TearDownLink(unit);
            _discoveryClients.Clear();
            foreach (string path in _objects.Keys.Where(p => p.StartsWith(AdapterPath + "/", StringComparison.Ordinal)).OrderByDescending(p => p.Length).ToList())
                RemoveObject(path);
            RemoveObject(AdapterPath);
        }
    }

    /// <summary>The dongle is plugged in again: hci0 reappears, powered.</summary>
    public void PlugAdapter()
    {
        lock (_sync)
        {
            if (!_objects.ContainsKey(AdapterPath))
                CreateAdapter();
        }
    }

    /// <summary>
    /// bluetoothd restarts: the name org.bluez is released, every link drops, and after
    /// <paramref name="downtime"/> a new process owns the name with a fresh tree (adapter only;
    /// devices reappear once discovery runs again).
    /// </summary>
    public async Task RestartAsync(TimeSpan downtime, CancellationToken cancellationToken = default)
    {
        Tmds.DBus.Protocol.DBusConnection? old;
        IDisposable? watch;
        lock (_sync)
        {
            foreach (EmulatedAtmotube unit in _units)
            {
                unit.Connected = false;
            }

            foreach (LinkState link in _links.Values)
                link.Responder.Dispose();
            _links.Clear();
            _objects.Clear();
            _discoveryClients.Clear();
            old = _connection;
            _connection = null;
            watch = _ownerWatch;
            _ownerWatch = null;
        }

        // A crashed daemon says nothing: its name simply loses its owner.
        watch?.Dispose();
        old?.Dispose();
        await Task.Delay(downtime, _options.Timers, cancellationToken).ConfigureAwait(false);
        await AttachAsync(cancellationToken).ConfigureAwait(false);
    }
}
