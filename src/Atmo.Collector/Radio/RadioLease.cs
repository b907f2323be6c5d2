using Atmo.Core;

namespace Atmo.Collector.Radio;

/// <summary>The right to use the radio; dispose to release it.</summary>
public sealed class RadioLease(RadioArbiter arbiter, MacAddress device) : IDisposable
{
    private int _released;

    public MacAddress Device => device;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            arbiter.Release(device);
    }
}
