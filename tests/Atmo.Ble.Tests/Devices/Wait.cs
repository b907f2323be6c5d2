using Atmo.Testing;

namespace Atmo.Ble.Tests.Devices;

internal static class Wait
{
    /// <summary>Waits until the condition holds; fails the test after the timeout.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, double seconds = 5) => Eventually.UntilAsync(condition, what, seconds);

    public static CancellationToken Timeout(double seconds = 10) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
