using Microsoft.Extensions.Logging;

namespace Atmo.Ble.Devices;

/// <summary>Log lines of the teardown of a connection, written by several of its parts.</summary>
internal static partial class DeviceLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "StopNotify on {Path}: {Message}")]
    public static partial void StopNotifyFailed(ILogger logger, string path, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Disconnected {Device}")]
    public static partial void Disconnected(ILogger logger, string device);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not disconnect {Device}: {Message}")]
    public static partial void DisconnectFailed(ILogger logger, string device, string message);
}
