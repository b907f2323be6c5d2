namespace Atmo.Ble.Tests.Protocol.Support;

/// <summary>A thread-safe ordered list of what happened, to assert "persist before HOK".</summary>
public sealed class EventLog
{
    private readonly List<string> _events = [];

    public void Add(string text)
    {
        lock (_events)
            _events.Add(text);
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_events)
            return [.. _events];
    }
}
