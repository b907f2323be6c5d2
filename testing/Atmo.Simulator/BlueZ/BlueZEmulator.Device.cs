using Atmo.Simulator.Devices;
using Tmds.DBus.Protocol;

namespace Atmo.Simulator.BlueZ;

// org.bluez.Device1: Connect / Disconnect and the GATT objects that exist while connected.
public sealed partial class BlueZEmulator
{
    private sealed record GattCharacteristicLayout(string Name, string Uuid, string[] Flags, string? Descriptor);

    private sealed record GattServiceLayout(string Name, string Uuid, GattCharacteristicLayout[] Characteristics);

    // Handles as a PRO's attribute table would number them; BlueZ names objects after the handles.
    private static readonly GattServiceLayout[] GattLayout =
    [
        new("service000c", BlueZNames.AtmotubeService,
        [
            new("char000d", BlueZNames.AtmotubeVoc, ["read", "notify"], "desc000f"),
            new("char0010", BlueZNames.AtmotubeBme280, ["read", "notify"], "desc0012"),
            new("char0013", BlueZNames.AtmotubeStatus, ["read", "notify"], "desc0015"),
            new("char0016", BlueZNames.AtmotubePm, ["read", "notify"], "desc0018"),
        ]),
        new("service0019", BlueZNames.UartService,
        [
            new("char001a", BlueZNames.UartRx, ["write-without-response", "write"], null),
            new("char001c", BlueZNames.UartTx, ["notify"], "desc001e"),
        ]),
    ];

    private readonly Dictionary<EmulatedAtmotube, CancellationTokenSource> _connecting = [];

    private void HandleDevice(MethodContext context, EmulatedObject target, string member)
    {
        EmulatedAtmotube unit = _units.First(u => DevicePath(u.Address) == target.Path);
        switch (member)
        {
            case "Connect":
                BeginConnect(context, unit);
                return;
            case "Disconnect":
                lock (_sync)
                {
                    // Disconnect also aborts a connection attempt in progress, as in bluetoothd.
                    if (_connecting.TryGetValue(unit, out CancellationTokenSource? pending))
                        pending.Cancel();
                    else if (!unit.Connected)
                        throw new EmulatedError(BlueZNames.ErrorNotConnected, "Not Connected");
                    TearDownLink(unit);
                }

                using (MessageWriter ok = context.CreateReplyWriter(null))
                    context.Reply(ok.CreateMessage());
                return;
            case "Pair":
            case "ConnectProfile":
            case "DisconnectProfile":
                throw new EmulatedError(BlueZNames.ErrorNotSupported, "Operation is not supported");
            case "CancelPairing":
                throw new EmulatedError(BlueZNames.ErrorDoesNotExist, "Does Not Exist");
            default:
                context.ReplyUnknownMethodError();
                return;
        }
    }

    private void BeginConnect(MethodContext context, EmulatedAtmotube unit)
    {
        lock (_sync)
        {
            if (!_powered)
                throw new EmulatedError(BlueZNames.ErrorNotReady, "Resource Not Ready");
            if (_connecting.ContainsKey(unit))
                throw new EmulatedError(BlueZNames.ErrorInProgress, "In Progress");
            if (unit.Connected)
            {
                using MessageWriter already = context.CreateReplyWriter(null);
                context.Reply(already.CreateMessage());
                return;
            }

            _connecting[unit] = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        }

        // The reply comes later: do not hold up the bus connection's message loop meanwhile.
        context.DisposesAsynchronously = true;
        CancellationToken aborted = _connecting[unit].Token;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(unit.ConnectLatency ?? _options.ConnectLatency, _options.Timers, aborted).ConfigureAwait(false);
                bool reachable;
                lock (_sync)
                    reachable = _powered && unit.InRange && !unit.HeldByAnotherCentral && !unit.RefusesConnections;
                if (!reachable)
                {
                    // An LE connect to a unit that does not answer ends in a page timeout.
                    await Task.Delay(_options.ConnectTimeout, _options.Timers, aborted).ConfigureAwait(false);
                    context.ReplyError(BlueZNames.ErrorFailed, "le-connection-abort-by-local");
                    return;
                }

                lock (_sync)
                {
                    aborted.ThrowIfCancellationRequested();
                    EstablishLink(unit);
                }

                using MessageWriter ok = context.CreateReplyWriter(null);
                context.Reply(ok.CreateMessage());
            }
            catch (OperationCanceledException)
            {
                context.ReplyError(BlueZNames.ErrorFailed, "Software caused connection abort");
            }
            finally
            {
                lock (_sync)
                {
                    if (_connecting.Remove(unit, out CancellationTokenSource? cts))
                        cts.Dispose();
                }

                context.Dispose();
            }
        });
    }

    private void EstablishLink(EmulatedAtmotube unit)
    {
        string devicePath = DevicePath(unit.Address);
        if (!_objects.ContainsKey(devicePath))
            return;
        unit.Connected = true;
        string txPath = $"{devicePath}/service0019/char001c";
        var responder = new UartHistoryResponder(unit, _options, unit.Mtu,
            notify: packet => NotifyFromUnit(unit, txPath, packet),
            dropLink: () =>
            {
                lock (_sync)
                    TearDownLink(unit);
            });
        _links[unit] = new LinkState(responder, unit.Mtu);
        SetProperty(devicePath, BlueZNames.Device1, "Connected", true);

        foreach (GattServiceLayout service in GattLayout)
        {
            string servicePath = $"{devicePath}/{service.Name}";
            var serviceObject = new EmulatedObject(servicePath);
            serviceObject.Interfaces[BlueZNames.GattService1] = new Dictionary<string, VariantValue>
            {
                ["UUID"] = service.Uuid,
                ["Device"] = VariantValue.ObjectPath(devicePath),
                ["Primary"] = true,
                ["Includes"] = VariantValue.Array(Array.Empty<ObjectPath>()),
            };
            AddObject(serviceObject);
            foreach (GattCharacteristicLayout characteristic in service.Characteristics)
            {
                string characteristicPath = $"{servicePath}/{characteristic.Name}";
                var characteristicObject = new EmulatedObject(characteristicPath);
                var properties = new Dictionary<string, VariantValue>
                {
                    ["UUID"] = characteristic.Uuid,
                    ["Service"] = VariantValue.ObjectPath(servicePath),
                    ["Value"] = VariantValue.Array(Array.Empty<byte>()),
                    ["Flags"] = VariantValue.Array(characteristic.Uuid == BlueZNames.UartRx && !unit.UartWriteWithoutResponse
                        ? characteristic.Flags.Where(f => f != "write-without-response").ToArray()
                        : characteristic.Flags),
                    ["MTU"] = VariantValue.UInt16((ushort)unit.Mtu),
                };
                if (characteristic.Flags.Contains("notify"))
                    properties["Notifying"] = false;
                characteristicObject.Interfaces[BlueZNames.GattCharacteristic1] = properties;
                AddObject(characteristicObject);
                if (characteristic.Descriptor is string descriptor)
                {
                    var descriptorObject = new EmulatedObject($"{characteristicPath}/{descriptor}");
                    descriptorObject.Interfaces[BlueZNames.GattDescriptor1] = new Dictionary<string, VariantValue>
                    {
                        ["UUID"] = BlueZNames.ClientCharacteristicConfiguration,
                        ["Characteristic"] = VariantValue.ObjectPath(characteristicPath),
                        ["Value"] = VariantValue.Array(Array.Empty<byte>()),
                    };
                    AddObject(descriptorObject);
                }
            }
        }

        SetProperties(devicePath, BlueZNames.Device1,
        [
            new("UUIDs", VariantValue.Array(new[] { BlueZNames.GenericAccess, BlueZNames.GenericAttribute, BlueZNames.UartService, BlueZNames.AtmotubeService })),
            new("ServicesResolved", true),
        ]);
    }

    /// <summary>The link is gone (Disconnect, fault, power off, out of range): BlueZ drops the GATT objects.</summary>
    private void TearDownLink(EmulatedAtmotube unit)
    {
        if (!unit.Connected)
            return;
        unit.Connected = false;
        if (_links.Remove(unit, out LinkState? link))
            link.Responder.Dispose();
        string devicePath = DevicePath(unit.Address);
        SetProperty(devicePath, BlueZNames.Device1, "ServicesResolved", false);
        foreach (string path in _objects.Keys.Where(p => p.StartsWith(devicePath + "/", StringComparison.Ordinal)).OrderByDescending(p => p.Length).ToList())
            RemoveObject(path);
        SetProperty(devicePath, BlueZNames.Device1, "Connected", false);
    }
}
