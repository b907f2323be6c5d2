namespace Atmo.Ble.BlueZ;

/// <summary>Names from the BlueZ 5.66 D-Bus API (doc/org.bluez.*.rst).</summary>
/// <remarks>The emulator (Atmo.Simulator) writes these names out again on purpose: it must not share code with what it tests.</remarks>
internal static class BlueZNames
{
    public const string Service = "org.bluez";
    public const string Adapter1 = "org.bluez.Adapter1";
    public const string Device1 = "org.bluez.Device1";
    public const string GattService1 = "org.bluez.GattService1";
    public const string GattCharacteristic1 = "org.bluez.GattCharacteristic1";
    public const string ObjectManager = "org.freedesktop.DBus.ObjectManager";
    public const string Properties = "org.freedesktop.DBus.Properties";
    public const string Root = "/";
    public const string Namespace = "/org/bluez";
}
