using Atmo.Ble.BlueZ;
using Atmo.Core;
using Microsoft.Extensions.Logging;

namespace Atmo.Ble.Devices;

public sealed partial class AtmotubeCentral
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Connecting to {Address} (attempt {Attempt})")]
    private partial void LogConnecting(MacAddress address, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to {Address}, services resolved")]
    private partial void LogConnected(MacAddress address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connect to {Address} failed ({Kind}: {Detail}); retrying")]
    private partial void LogConnectRetry(MacAddress address, BlueZErrorKind kind, string? detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "BlueZ has no object for {Address}; scanning up to {Timeout} s")]
    private partial void LogScanningForDevice(MacAddress address, double timeout);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Discovery restarted (periodic refresh)")]
    private partial void LogDiscoveryRefreshed();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Periodic discovery restart failed: {Message}")]
    private partial void LogDiscoveryRefreshFailed(string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "StopDiscovery: {Message}")]
    private partial void LogStopDiscovery(string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery started on {Adapter}")]
    private partial void LogDiscoveryStarted(string adapter);

    [LoggerMessage(Level = LogLevel.Information, Message = "StartDiscovery: BlueZ says InProgress (attempt {Attempt}); retrying")]
    private partial void LogDiscoveryInProgress(int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not restart discovery after bluetoothd restarted: {Message}")]
    private partial void LogDiscoveryRestartFailed(string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "StopDiscovery on dispose: {Message}")]
    private partial void LogStopDiscoveryOnDispose(string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "StopNotify on {Path}: {Message}")]
    private static partial void LogStopNotifyFailed(ILogger logger, string path, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Disconnected {Device}")]
    private static partial void LogDisconnected(ILogger logger, string device);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not disconnect {Device}: {Message}")]
    private static partial void LogDisconnectFailed(ILogger logger, string device, string message);
}
