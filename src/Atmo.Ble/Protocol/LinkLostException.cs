namespace Atmo.Ble.Protocol;

public sealed class LinkLostException(string message, Exception? inner = null) : Exception(message, inner);
