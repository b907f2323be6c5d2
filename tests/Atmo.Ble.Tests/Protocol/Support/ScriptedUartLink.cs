using System.Buffers.Binary;
using System.Threading.Channels;
using Atmo.Ble.Protocol;

namespace Atmo.Ble.Tests.Protocol.Support;

/// <summary>
/// An in-memory UART link. Each write is recorded in <see cref="Events"/> and answered by the script, whose
/// notifications are queued at once, like a device that answers immediately.
/// </summary>
public sealed class ScriptedUartLink : IUartLink
{
    private readonly Channel<byte[]> _notifications = Channel.CreateUnbounded<byte[]>();
    private readonly Func<byte[], int, IEnumerable<byte[]>> _script;
    private readonly List<byte[]> _writes = [];

    /// <param name="script">(command, index of the write) → notifications to queue in reply.</param>
    public ScriptedUartLink(EventLog events, Func<byte[], int, IEnumerable<byte[]>> script)
    {
        Events = events;
        _script = script;
    }

    public EventLog Events { get; }

    public IReadOnlyList<byte[]> Writes => _writes;

    public IEnumerable<byte[]> Acknowledgements => _writes.Where(w => w.AsSpan(0, 3).SequenceEqual("HOK"u8));

    public ChannelReader<byte[]> Notifications => _notifications.Reader;

    /// <summary>When set, the write with this index throws instead of being delivered.</summary>
    public int? FailWriteAt { get; set; }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        byte[] bytes = command.ToArray();
        int index = _writes.Count;
        if (FailWriteAt == index)
            throw new LinkLostException("scripted write failure");
        _writes.Add(bytes);
        Events.Add($"write {System.Text.Encoding.ASCII.GetString(bytes, 0, 3)}");
        foreach (byte[] notification in _script(bytes, index))
            _notifications.Writer.TryWrite(notification);
        return ValueTask.CompletedTask;
    }

    public void Push(byte[] notification) => _notifications.Writer.TryWrite(notification);

    public void Drop(Exception? error) => _notifications.Writer.TryComplete(error);

    public static uint TimeOf(byte[] command) => BinaryPrimitives.ReadUInt32BigEndian(command.AsSpan(3));
}
