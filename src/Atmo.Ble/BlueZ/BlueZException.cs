using Tmds.DBus.Protocol;

namespace Atmo.Ble.BlueZ;

/// <summary>
/// A BlueZ or D-Bus failure, classified (<see cref="Kind"/>) and explained in a sentence a person can
/// act on (<see cref="Advice"/>).
/// </summary>
public sealed class BlueZException : Exception
{
    public BlueZException(BlueZErrorKind kind, string operation, string? dbusErrorName, string? detail, Exception? inner = null)
        : base(Compose(kind, operation, dbusErrorName, detail), inner)
    {
        Kind = kind;
        Operation = operation;
        DBusErrorName = dbusErrorName;
        Detail = detail;
    }

    public BlueZErrorKind Kind { get; }

    /// <summary>What we tried, e.g. "Device1.Connect on /org/bluez/hci0/dev_…".</summary>
    public string Operation { get; }

    /// <summary>The D-Bus error name as received, when there was one.</summary>
    public string? DBusErrorName { get; }

    /// <summary>BlueZ's own message text, e.g. "le-connection-abort-by-local".</summary>
    public string? Detail { get; }

    /// <summary>What a person does about it.</summary>
    public string Advice => AdviceFor(Kind);

    /// <summary>True for failures that usually go away when retried shortly.</summary>
    public bool IsTransient => Kind is BlueZErrorKind.InProgress or BlueZErrorKind.Failed or BlueZErrorKind.Timeout or BlueZErrorKind.NotConnected;

    public static BlueZErrorKind Classify(string errorName) => errorName switch
    {
        "org.bluez.Error.InProgress" => BlueZErrorKind.InProgress,
        "org.bluez.Error.NotReady" => BlueZErrorKind.NotReady,
        "org.bluez.Error.NotConnected" => BlueZErrorKind.NotConnected,
        "org.bluez.Error.AlreadyConnected" => BlueZErrorKind.AlreadyConnected,
        "org.bluez.Error.Failed" => BlueZErrorKind.Failed,
        "org.bluez.Error.DoesNotExist" => BlueZErrorKind.DoesNotExist,
        "org.bluez.Error.NotSupported" => BlueZErrorKind.NotSupported,
        "org.bluez.Error.NotPermitted" or "org.bluez.Error.NotAuthorized" => BlueZErrorKind.NotPermitted,
        "org.bluez.Error.AlreadyExists" => BlueZErrorKind.AlreadyExists,
        "org.bluez.Error.InvalidArguments" or "org.freedesktop.DBus.Error.InvalidArgs" => BlueZErrorKind.InvalidArguments,
        "org.freedesktop.DBus.Error.UnknownObject" or "org.freedesktop.DBus.Error.UnknownMethod"
            or "org.freedesktop.DBus.Error.UnknownInterface" => BlueZErrorKind.UnknownObject,
        "org.freedesktop.DBus.Error.AccessDenied" => BlueZErrorKind.AccessDenied,
        "org.freedesktop.DBus.Error.ServiceUnknown" or "org.freedesktop.DBus.Error.NameHasNoOwner" => BlueZErrorKind.ServiceUnknown,
        "org.freedesktop.DBus.Error.NoReply" or "org.freedesktop.DBus.Error.Timeout" => BlueZErrorKind.Timeout,
        _ => BlueZErrorKind.Unknown,
    };

    public static string AdviceFor(BlueZErrorKind kind) => kind switch
    {
        BlueZErrorKind.AccessDenied => "D-Bus refused the call: add the service user to the 'bluetooth' group, or install the D-Bus policy that allows it to talk to org.bluez.",
        BlueZErrorKind.NotReady => "The Bluetooth adapter is off: run 'rfkill unblock bluetooth' and power it on ('bluetoothctl power on').",
        BlueZErrorKind.InProgress => "BlueZ is already doing this (another discovery or connection is running); it is retried shortly.",
        BlueZErrorKind.NotConnected => "The device is not connected (it dropped the link or went out of range); it is retried on the next visit.",
        BlueZErrorKind.AlreadyConnected => "The device is already connected.",
        BlueZErrorKind.Failed => "BlueZ could not do it (often: the device is out of range or connected to a phone); move it closer or close the phone app.",
        BlueZErrorKind.DoesNotExist => "BlueZ does not know this device or adapter: make sure it is in range and advertising, then scan again.",
        BlueZErrorKind.NotSupported => "The adapter or device does not support this operation (check the BlueZ version, 5.66 or newer).",
        BlueZErrorKind.NotPermitted => "The device refused the operation.",
        BlueZErrorKind.AlreadyExists => "BlueZ already has this object.",
        BlueZErrorKind.InvalidArguments => "BlueZ rejected the arguments: this is a bug in Atmo Edge, please report it with this log line.",
        BlueZErrorKind.UnknownObject => "The BlueZ object is gone (the device disconnected, was removed, or bluetoothd restarted); it is looked up again.",
        BlueZErrorKind.ServiceUnknown => "bluetoothd is not running: start it with 'systemctl start bluetooth'.",
        BlueZErrorKind.Timeout => "BlueZ did not answer in time; if this repeats, restart bluetooth ('systemctl restart bluetooth') or power-cycle the adapter.",
        BlueZErrorKind.BusUnavailable => "The system D-Bus is not reachable: check that dbus is running and DBUS_SYSTEM_BUS_ADDRESS (if set) is right.",
        _ => "Unexpected BlueZ error; see the D-Bus error name.",
    };

    internal static BlueZException FromDBus(DBusErrorReplyException e, string operation) =>
        new(Classify(e.ErrorName), operation, e.ErrorName, e.ErrorMessage, e);

    private static string Compose(BlueZErrorKind kind, string operation, string? name, string? detail)
    {
        string what = name is null ? kind.ToString() : $"{name}{(string.IsNullOrEmpty(detail) ? "" : $" ({detail})")}";
        return $"{operation} failed: {what}. {AdviceFor(kind)}";
    }
}
