using Atmo.Ble.BlueZ;
using Atmo.Ble.Devices;
using Microsoft.Extensions.Logging;

namespace Atmo.Collector.Radio;

/// <summary>
/// Discovery on or off: on unless a connection paused it. <see cref="EnsureAsync"/> (re)starts it whenever it
/// should run but does not (after a bluetoothd restart, an adapter that returned, a failed start).
/// </summary>
internal sealed partial class ScanControl(AtmotubeCentral central, ILogger logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _pauses;
    private string? _lastProblem;

    public bool Paused => Volatile.Read(ref _pauses) > 0;

    /// <summary>When discovery last resumed (or started); silence is measured from here.</summary>
    public DateTimeOffset? ResumedAt { get; private set; }

    public bool IsScanning => central.IsScanning;

    public async Task PauseAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _pauses);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await central.StopScanningAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (BlueZException e)
        {
            LogPauseFailed(logger, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ResumeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _pauses) > 0)
            return;
        ResumedAt = now;
        await EnsureAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts discovery when it should run and does not. Never throws BlueZ errors: logs them once.</summary>
    public async Task<bool> EnsureAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Paused || central.IsScanning)
                return central.IsScanning;
            await central.StartScanningAsync(cancellationToken).ConfigureAwait(false);
            if (_lastProblem is not null)
                LogRunningAgain(logger);
            _lastProblem = null;
            return true;
        }
        catch (BlueZException e)
        {
            if (_lastProblem != e.Message)
                LogCannotStart(logger, e.Message);
            _lastProblem = e.Message;
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops and starts discovery (recovery step 1: a long discovery can silently stop delivering).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await central.StopScanningAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (BlueZException e)
        {
            LogStopForRestartFailed(logger, e.Message);
        }
        finally
        {
            _gate.Release();
        }

        await EnsureAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pausing discovery: {Message}")]
    private static partial void LogPauseFailed(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery running again")]
    private static partial void LogRunningAgain(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot start discovery: {Message}")]
    private static partial void LogCannotStart(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stopping discovery for a restart: {Message}")]
    private static partial void LogStopForRestartFailed(ILogger logger, string message);
}
