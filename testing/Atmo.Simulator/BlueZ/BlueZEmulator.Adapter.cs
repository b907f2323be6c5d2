using Atmo.Simulator.Devices;
using Tmds.DBus.Protocol;

namespace Atmo.Simulator.BlueZ;

// org.bluez.Adapter1: power, discovery sessions per client, the filter, RemoveDevice, advertising.
public sealed partial class BlueZEmulator
{
    private static readonly string[] DiscoveryFilterNames = ["UUIDs", "RSSI", "Pathloss", "Transport", "DuplicateData", "Discoverable", "Pattern"];

    private void CreateAdapter()
    {
        var adapter = new EmulatedObject(AdapterPath);
        adapter.Interfaces[BlueZNames.Adapter1] = new Dictionary<string, VariantValue>
        {
            ["Address"] = AdapterAddress,
            ["AddressType"] = "public",
            ["Name"] = "atmo-sim",
            ["Alias"] = "atmo-sim",
            ["Class"] = VariantValue.UInt32(0),
            ["Powered"] = _powered,
            ["Discoverable"] = false,
            ["DiscoverableTimeout"] = VariantValue.UInt32(180),
            ["Pairable"] = false,
            ["PairableTimeout"] = VariantValue.UInt32(0),
            ["Discovering"] = false,
            ["UUIDs"] = VariantValue.Array(new[] { BlueZNames.GenericAccess, BlueZNames.GenericAttribute }),
            ["Modalias"] = "usb:v1D6Bp0246d0542",
            ["Roles"] = VariantValue.Array(new[] { "central", "peripheral" }),
        };
        adapter.Writable.Add((BlueZNames.Adapter1, "Powered"));
        adapter.Writable.Add((BlueZNames.Adapter1, "Alias"));
        adapter.Writable.Add((BlueZNames.Adapter1, "Discoverable"));
        adapter.Writable.Add((BlueZNames.Adapter1, "Pairable"));
        AddObject(adapter);
    }

    private void HandleAdapter(MethodContext context, string member)
    {
        string sender = context.Request.SenderAsString ?? "";
        Reader reader = context.Request.GetBodyReader();
        lock (_sync)
        {
            switch (member)
            {
                case "StartDiscovery":
                    if (!_powered)
                        throw new EmulatedError(BlueZNames.ErrorNotReady, "Resource Not Ready");
                    if (_failStartDiscovery > 0)
                    {
                        _failStartDiscovery--;
                        throw new EmulatedError(BlueZNames.ErrorInProgress, "Operation already in progress");
                    }

                    if (!_discoveryClients.Add(sender))
                        throw new EmulatedError(BlueZNames.ErrorInProgress, "Operation already in progress");
                    DiscoveryStarts++;
                    if (_discoveryClients.Count == 1)
                        SetProperty(AdapterPath, BlueZNames.Adapter1, "Discovering", true);
                    break;
                case "StopDiscovery":
                    if (!_powered)
                        throw new EmulatedError(BlueZNames.ErrorNotReady, "Resource Not Ready");
                    if (!_discoveryClients.Remove(sender))
                        throw new EmulatedError(BlueZNames.ErrorFailed, "No discovery started");
                    if (_discoveryClients.Count == 0)
                        SetProperty(AdapterPath, BlueZNames.Adapter1, "Discovering", false);
                    break;
                case "SetDiscoveryFilter":
                {
                    if (!_powered)
                        throw new EmulatedError(BlueZNames.ErrorNotReady, "Resource Not Ready");
                    Dictionary<string, VariantValue> filter = reader.ReadDictionaryOfStringToVariantValue();
                    foreach (var (key, value) in filter)
                    {
                        if (!DiscoveryFilterNames.Contains(key))
                            throw new EmulatedError(BlueZNames.ErrorInvalidArguments, "Invalid arguments in method call");
                        if (key == "Transport" && (value.Type != VariantValueType.String || value.GetString() is not ("auto" or "bredr" or "le")))
                            throw new EmulatedError(BlueZNames.ErrorInvalidArguments, "Invalid arguments in method call");
                        if (key == "DuplicateData" && value.Type != VariantValueType.Bool)
                            throw new EmulatedError(BlueZNames.ErrorInvalidArguments, "Invalid arguments in method call");
                    }

                    break;
                }
                case "GetDiscoveryFilters":
                {
                    using MessageWriter writer = context.CreateReplyWriter("as");
                    writer.WriteArray(DiscoveryFilterNames);
                    context.Reply(writer.CreateMessage());
                    return;
                }
                case "RemoveDevice":
                {
                    string path = reader.ReadObjectPathAsString();
                    EmulatedAtmotube? unit = _units.FirstOrDefault(u => DevicePath(u.Address) == path);
                    if (unit is null || !_objects.ContainsKey(path))
                        throw new EmulatedError(BlueZNames.ErrorDoesNotExist, "Does Not Exist");
                    if (unit.Connected)
                        TearDownLink(unit);
                    RemoveObject(path);
                    break;
                }
                default:
                    context.ReplyUnknownMethodError();
                    return;
            }

            using MessageWriter ok = context.CreateReplyWriter(null);
            context.Reply(ok.CreateMessage());
        }
    }

    private void SetPowered(bool powered)
    {
        if (_powered == powered)
            return;
        _powered = powered;
        if (!powered)
        {
            foreach (EmulatedAtmotube unit in _units.Where(u => u.Connected))
                TearDownLink(unit);
            if (_discoveryClients.Count > 0)
            {
                _discoveryClients.Clear();
                SetProperty(AdapterPath, BlueZNames.Adapter1, "Discovering", false);
            }
        }

        SetProperty(AdapterPath, BlueZNames.Adapter1, "Powered", powered);
    }

    private void OnClientLeft(string uniqueName)
    {
        lock (_sync)
        {
            if (_discoveryClients.Remove(uniqueName) && _discoveryClients.Count == 0)
                SetProperty(AdapterPath, BlueZNames.Adapter1, "Discovering", false);
            foreach (var (unit, link) in _links)
            {
                foreach (var (path, clients) in link.Notify)
                {
                    if (clients.Remove(uniqueName) && clients.Count == 0)
                        SetProperty(path, BlueZNames.GattCharacteristic1, "Notifying", false);
                }
            }
        }
    }

    /// <summary>One advertisement per reachable, idle unit; creates the device object on first sight.</summary>
    private void AdvertiseOnce()
    {
        if (!_powered || _discoveryClients.Count == 0 || _connection is null)
            return;
        foreach (EmulatedAtmotube unit in _units)
        {
            if (!unit.InRange || unit.HeldByAnotherCentral || unit.Connected)
                continue; // A connected PRO does not advertise (§2.4).
            if ((_tick + unit.Index) % Math.Max(1, unit.AdvertiseEvery) != 0)
                continue; // spread over the ticks, not all on one
            byte[] payload = unit.NextManufacturerPayload();
            VariantValue manufacturerData = new Dict<ushort, VariantValue> { [0xFFFF] = VariantValue.Array(payload) };
            string path = DevicePath(unit.Address);
            if (_objects.ContainsKey(path))
            {
                SetProperties(path, BlueZNames.Device1, [new("ManufacturerData", manufacturerData), new("RSSI", VariantValue.Int16(unit.Rssi))]);
                continue;
            }

            var device = new EmulatedObject(path);
            device.Interfaces[BlueZNames.Device1] = new Dictionary<string, VariantValue>
            {
                ["Address"] = unit.Address.ToString(),
                ["AddressType"] = "random",
                ["Name"] = "ATMOTUBE",
                ["Alias"] = "ATMOTUBE",
                ["Paired"] = false,
                ["Trusted"] = false,
                ["Blocked"] = false,
                ["LegacyPairing"] = false,
                ["RSSI"] = VariantValue.Int16(unit.Rssi),
                ["Connected"] = false,
                ["UUIDs"] = VariantValue.Array(new[] { BlueZNames.AtmotubeService }),
                ["Adapter"] = VariantValue.ObjectPath(AdapterPath),
                ["ManufacturerData"] = manufacturerData,
                ["ServicesResolved"] = false,
                ["AdvertisingFlags"] = VariantValue.Array(new byte[] { 0x06 }),
            };
            device.Writable.Add((BlueZNames.Device1, "Trusted"));
            device.Writable.Add((BlueZNames.Device1, "Blocked"));
            device.Writable.Add((BlueZNames.Device1, "Alias"));
            AddObject(device);
        }
    }
}
