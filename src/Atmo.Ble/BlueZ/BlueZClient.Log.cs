using Microsoft.Extensions.Logging;

namespace Atmo.Ble.BlueZ;

public sealed partial class BlueZClient
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "BlueZ is not running (org.bluez has no owner): {Advice}")]
    private partial void LogNotRunning(string advice);

    [LoggerMessage(Level = LogLevel.Information, Message = "BlueZ tree read: {Objects} objects, adapters {Adapters}")]
    private partial void LogTreeRead(int objects, string adapters);

    [LoggerMessage(Level = LogLevel.Warning, Message = "bluetoothd left the bus (stopped or crashed); waiting for it to come back")]
    private partial void LogServiceLost();

    [LoggerMessage(Level = LogLevel.Information, Message = "bluetoothd (re)started as {Owner}; re-reading its tree")]
    private partial void LogServiceRestarted(string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-read BlueZ's tree after it restarted")]
    private partial void LogTreeRereadFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A BlueZ tree listener failed")]
    private partial void LogListenerFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost the system D-Bus connection; BlueZ is unreachable until the client is recreated")]
    private partial void LogConnectionLost(Exception? exception);
}
