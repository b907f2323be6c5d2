using Atmo.Simulator.Devices;
using Tmds.DBus.Protocol;

namespace Atmo.Simulator.BlueZ;

// org.bluez.GattCharacteristic1: ReadValue, WriteValue, StartNotify / StopNotify and notifications.
public sealed partial class BlueZEmulator
{
    private void HandleCharacteristic(MethodContext context, EmulatedObject target, string member)
    {
        string sender = context.Request.SenderAsString ?? "";
        Reader reader = context.Request.GetBodyReader();
        lock (_sync)
        {
            Dictionary<string, VariantValue> properties = target.Interfaces[BlueZNames.GattCharacteristic1];
            string[] flags = properties["Flags"].GetArray<string>();
            string uuid = properties["UUID"].GetString();
            (EmulatedAtmotube unit, LinkState link) = LinkOf(target.Path)
                ?? throw new EmulatedError(BlueZNames.ErrorNotConnected, "Not Connected");
            switch (member)
            {
                case "ReadValue":
                {
                    _ = reader.ReadDictionaryOfStringToVariantValue();
                    if (!flags.Contains("read"))
                        throw new EmulatedError(BlueZNames.ErrorNotPermitted, "Read not permitted");
                    byte[] value = LiveValue(unit, uuid);
                    SetProperty(target.Path, BlueZNames.GattCharacteristic1, "Value", VariantValue.Array(value));
                    using MessageWriter writer = context.CreateReplyWriter("ay");
                    writer.WriteArray(value);
                    context.Reply(writer.CreateMessage());
                    return;
                }
                case "WriteValue":
                {
                    byte[] value = reader.ReadArrayOfByte();
                    Dictionary<string, VariantValue> options = reader.ReadDictionaryOfStringToVariantValue();
                    string type = options.TryGetValue("type", out VariantValue t) && t.Type == VariantValueType.String ? t.GetString() : "request";
                    bool allowed = type switch
                    {
                        "command" => flags.Contains("write-without-response"),
                        "request" => flags.Contains("write"),
                        "reliable" => flags.Contains("reliable-write"),
                        _ => throw new EmulatedError(BlueZNames.ErrorInvalidArguments, "Invalid arguments in method call"),
                    };
                    if (!allowed)
                    {
                        if (!flags.Contains("write") && !flags.Contains("write-without-response"))
                            throw new EmulatedError(BlueZNames.ErrorNotPermitted, "Write not permitted");
                        throw new EmulatedError(BlueZNames.ErrorNotSupported, "Operation is not supported");
                    }

                    if (value.Length > link.Mtu - 3)
                        throw new EmulatedError(BlueZNames.ErrorFailed, "Operation failed with ATT error: 0x0d");
                    if (uuid == BlueZNames.UartRx)
                    {
                        unit.RecordUartWrite(type);
                        link.Responder.OnWrite(value);
                    }
                    using MessageWriter writer = context.CreateReplyWriter(null);
                    context.Reply(writer.CreateMessage());
                    return;
                }
                case "StartNotify":
                {
                    if (!flags.Contains("notify") && !flags.Contains("indicate"))
                        throw new EmulatedError(BlueZNames.ErrorNotSupported, "Operation is not supported");
                    HashSet<string> clients = link.Notify.TryGetValue(target.Path, out var c) ? c : link.Notify[target.Path] = new(StringComparer.Ordinal);
                    if (!clients.Add(sender))
                        throw new EmulatedError(BlueZNames.ErrorInProgress, "Operation already in progress");
                    if (clients.Count == 1)
                        SetProperty(target.Path, BlueZNames.GattCharacteristic1, "Notifying", true);
                    break;
                }
                case "StopNotify":
                {
                    if (!link.Notify.TryGetValue(target.Path, out var clients) || !clients.Remove(sender))
                        throw new EmulatedError(BlueZNames.ErrorFailed, "No notify session started");
                    if (clients.Count == 0)
                        SetProperty(target.Path, BlueZNames.GattCharacteristic1, "Notifying", false);
                    break;
                }
                case "AcquireWrite":
                case "AcquireNotify":
                    throw new EmulatedError(BlueZNames.ErrorNotSupported, "Operation is not supported");
                default:
                    context.ReplyUnknownMethodError();
                    return;
            }

            using MessageWriter ok = context.CreateReplyWriter(null);
            context.Reply(ok.CreateMessage());
        }
    }

    private (EmulatedAtmotube Unit, LinkState Link)? LinkOf(string path)
    {
        foreach (var (unit, link) in _links)
        {
            if (path.StartsWith(DevicePath(unit.Address) + "/", StringComparison.Ordinal))
                return (unit, link);
        }

        return null;
    }

    private static byte[] LiveValue(EmulatedAtmotube unit, string uuid)
    {
        LiveValues v = unit.NextLiveValues();
        return uuid switch
        {
            BlueZNames.AtmotubeVoc => AtmotubeEncoding.GattVoc(v),
            BlueZNames.AtmotubeBme280 => AtmotubeEncoding.GattBme280(v),
            BlueZNames.AtmotubeStatus => AtmotubeEncoding.GattStatus(v),
            BlueZNames.AtmotubePm => AtmotubeEncoding.GattPm(v),
            _ => [],
        };
    }

    /// <summary>A notification from the unit: BlueZ turns it into a Value PropertiesChanged.</summary>
    private bool NotifyFromUnit(EmulatedAtmotube unit, string characteristicPath, byte[] packet)
    {
        lock (_sync)
        {
            if (!unit.Connected || !_links.TryGetValue(unit, out LinkState? link))
                return false;
            // Without a notify session the CCCD is off and the unit's notification goes nowhere.
            if (link.Notify.TryGetValue(characteristicPath, out var clients) && clients.Count > 0)
                SetProperty(characteristicPath, BlueZNames.GattCharacteristic1, "Value", VariantValue.Array(packet));
            return true;
        }
    }

    private void NotifyLiveValues()
    {
        foreach (var (unit, link) in _links)
        {
            foreach (var (path, clients) in link.Notify)
            {
                if (clients.Count == 0 || !_objects.TryGetValue(path, out EmulatedObject? o))
                    continue;
                string uuid = o.Interfaces[BlueZNames.GattCharacteristic1]["UUID"].GetString();
                byte[] value = LiveValue(unit, uuid);
                if (value.Length > 0)
                    SetProperty(path, BlueZNames.GattCharacteristic1, "Value", VariantValue.Array(value));
            }
        }
    }
}
