using System.Threading.Channels;

namespace Atmo.Ble.Protocol;

public sealed partial class HistorySession
{
    private enum ReceiveStatus
    {
        Packet,
        TimedOut,
        Cancelled,
        LinkLost,
    }

    private readonly record struct Received(ReceiveStatus Status, byte[]? Notification, Exception? Error);

    /// <summary>
    /// The next notification, or why there is none. Queued notifications are taken without allocating a timer;
    /// only a real wait creates one, on the <see cref="TimeProvider"/> so that tests can drive it.
    /// </summary>
    private async ValueTask<Received> ReceiveAsync(ChannelReader<byte[]> reader, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (reader.TryRead(out byte[]? queued))
            return new Received(ReceiveStatus.Packet, queued, null);

        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            while (await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
            {
                if (reader.TryRead(out byte[]? notification))
                    return new Received(ReceiveStatus.Packet, notification, null);
            }

            // Completed without an error: the transport closed the link.
            return new Received(ReceiveStatus.LinkLost, null, new LinkLostException("the notification stream was closed"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new Received(ReceiveStatus.Cancelled, null, null);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested)
        {
            return new Received(ReceiveStatus.TimedOut, null, null);
        }
#pragma warning disable CA1031 // The channel completes with whatever the transport saw; every error is a lost link.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new Received(ReceiveStatus.LinkLost, null, ex);
        }
    }
}
