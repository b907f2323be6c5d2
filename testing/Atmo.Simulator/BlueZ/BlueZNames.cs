namespace Atmo.Simulator.BlueZ;

/// <summary>Names of the BlueZ 5.66 D-Bus API that the emulator exports.</summary>
/// <remarks>
/// Atmo.Ble has its own <c>BlueZNames</c> for the same names, and this copy is kept apart on purpose: the emulator
/// stands in for bluetoothd to test Atmo.Ble, so it shares no code with it; a name mistyped there would otherwise be
/// mistyped here too, and no test would notice.
/// </remarks>
public static class BlueZNames
{
    public const string Service = "org.bluez";
    public const string Adapter1 = "org.bluez.Adapter1";
    public const string Device1 = "org.bluez.Device1";
    public const string GattService1 = "org.bluez.GattService1";
    public const string GattCharacteristic1 = "org.bluez.GattCharacteristic1";
    public const string GattDescriptor1 = "org.bluez.GattDescriptor1";
    public const string ObjectManager = "org.freedesktop.DBus.ObjectManager";
    public const string Properties = "org.freedesktop.DBus.Properties";
    public const string Introspectable = "org.freedesktop.DBus.Introspectable";

    public const string ErrorInProgress = "org.bluez.Error.InProgress";
    public const string ErrorNotReady = "org.bluez.Error.NotReady";
    public const string ErrorNotConnected = "org.bluez.Error.NotConnected";
    public const string ErrorFailed = "org.bluez.Error.Failed";
    public const string ErrorDoesNotExist = "org.bluez.Error.DoesNotExist";
    public const string ErrorNotSupported = "org.bluez.Error.NotSupported";
    public const string ErrorNotPermitted = "org.bluez.Error.NotPermitted";
    public const string ErrorInvalidArguments = "org.bluez.Error.InvalidArguments";
    public const string ErrorUnknownObject = "org.freedesktop.DBus.Error.UnknownObject";
    public const string ErrorUnknownMethod = "org.freedesktop.DBus.Error.UnknownMethod";
    public const string ErrorInvalidArgs = "org.freedesktop.DBus.Error.InvalidArgs";
    public const string ErrorPropertyReadOnly = "org.freedesktop.DBus.Error.PropertyReadOnly";

    public const string AtmotubeService = "db450001-8e9a-4818-add7-6ed94a328ab4";
    public const string AtmotubeVoc = "db450002-8e9a-4818-add7-6ed94a328ab4";
    public const string AtmotubeBme280 = "db450003-8e9a-4818-add7-6ed94a328ab4";
    public const string AtmotubeStatus = "db450004-8e9a-4818-add7-6ed94a328ab4";
    public const string AtmotubePm = "db450005-8e9a-4818-add7-6ed94a328ab4";
    public const string UartService = "6e400001-b5a3-f393-e0a9-e50e24dcca9e";
    public const string UartRx = "6e400002-b5a3-f393-e0a9-e50e24dcca9e";
    public const string UartTx = "6e400003-b5a3-f393-e0a9-e50e24dcca9e";
    public const string GenericAccess = "00001800-0000-1000-8000-00805f9b34fb";
    public const string GenericAttribute = "00001801-0000-1000-8000-00805f9b34fb";
    public const string ClientCharacteristicConfiguration = "00002902-0000-1000-8000-00805f9b34fb";
}
