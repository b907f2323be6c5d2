namespace Atmo.Ble.BlueZ;

/// <summary>What went wrong talking to BlueZ, independent of the D-Bus error text.</summary>
public enum BlueZErrorKind
{
    /// <summary>An error name we do not classify; see <see cref="BlueZException.DBusErrorName"/>.</summary>
    Unknown,

    /// <summary>org.bluez.Error.InProgress: the same operation is already running (often transient).</summary>
    InProgress,

    /// <summary>org.bluez.Error.NotReady: the adapter is off or blocked.</summary>
    NotReady,

    /// <summary>org.bluez.Error.NotConnected: the device is not connected (any more).</summary>
    NotConnected,

    /// <summary>org.bluez.Error.AlreadyConnected.</summary>
    AlreadyConnected,

    /// <summary>org.bluez.Error.Failed: the operation failed, e.g. le-connection-abort-by-local.</summary>
    Failed,

    /// <summary>org.bluez.Error.DoesNotExist, or the device/adapter is not in BlueZ's tree.</summary>
    DoesNotExist,

    /// <summary>org.bluez.Error.NotSupported.</summary>
    NotSupported,

    /// <summary>org.bluez.Error.NotPermitted / NotAuthorized.</summary>
    NotPermitted,

    /// <summary>org.bluez.Error.AlreadyExists.</summary>
    AlreadyExists,

    /// <summary>org.bluez.Error.InvalidArguments or org.freedesktop.DBus.Error.InvalidArgs.</summary>
    InvalidArguments,

    /// <summary>org.freedesktop.DBus.Error.UnknownObject / UnknownMethod: the object vanished.</summary>
    UnknownObject,

    /// <summary>org.freedesktop.DBus.Error.AccessDenied: D-Bus policy refuses us.</summary>
    AccessDenied,

    /// <summary>org.freedesktop.DBus.Error.ServiceUnknown / NameHasNoOwner: bluetoothd is not running.</summary>
    ServiceUnknown,

    /// <summary>org.freedesktop.DBus.Error.NoReply, or our own timeout expired.</summary>
    Timeout,

    /// <summary>The D-Bus connection itself failed or closed.</summary>
    BusUnavailable,
}
