using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Api.Access;

/// <summary>
/// A fixed window per API key that resets at every wall-clock minute (as the Atmotube Cloud counts),
/// read from <see cref="TimeProvider"/>. Keys are identified by their index in the <see cref="ApiKeyRing"/>,
/// so memory is bounded by the number of configured keys.
/// </summary>
public sealed class MinuteRateLimiter(TimeProvider timeProvider, IOptions<ApiOptions> options)
{
    private readonly ConcurrentDictionary<int, Window> _windows = new();

    public int LimitPerMinute => options.Value.RateLimitPerMinute;

    /// <summary>Counts one request of <paramref name="keyIndex"/>.</summary>
    /// <param name="retryAfterSeconds">When refused: whole seconds to the next minute (<see cref="ContractDecisions.RetryAfterSeconds"/>).</param>
    /// <returns>False when the key has used its budget for this minute; the refused request is not counted.</returns>
    public bool TryAcquire(int keyIndex, out int retryAfterSeconds)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        long minute = now.UtcTicks / TimeSpan.TicksPerMinute;
        Window window = _windows.GetOrAdd(keyIndex, static _ => new Window());
        lock (window)
        {
            if (window.Minute != minute)
            {
                window.Minute = minute;
                window.Count = 0;
            }

            if (window.Count < LimitPerMinute)
            {
                window.Count++;
                retryAfterSeconds = 0;
                return true;
            }
        }

        retryAfterSeconds = ContractDecisions.RetryAfterSeconds(now);
        return false;
    }

    private sealed class Window
    {
        public long Minute = -1;
        public int Count;
    }
}
