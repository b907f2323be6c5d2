namespace Atmo.Mqtt;

/// <summary>
/// Waits between connection attempts: 1 s doubling to 60 s, each randomised to 50–100 % ("equal jitter") so that a
/// fleet of gateways does not reconnect in step after the broker restarts.
/// </summary>
public sealed class ReconnectBackoff(Random random)
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    private int _failures;

    public TimeSpan NextDelay()
    {
        double ceiling = Math.Min(Max.TotalMilliseconds, First.TotalMilliseconds * Math.Pow(2, Math.Min(_failures, 16)));
        _failures++;
        return TimeSpan.FromMilliseconds(ceiling / 2 + random.NextDouble() * ceiling / 2);
    }

    public void Reset() => _failures = 0;
}
