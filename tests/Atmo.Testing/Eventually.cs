namespace Atmo.Testing;

public static class Eventually
{
    /// <summary>Waits for a condition, failing the test after <paramref name="realSeconds"/> of wall-clock time.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, double realSeconds = 20)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), what, realSeconds);
    }

    /// <summary>Waits for an asynchronous condition (an HTTP answer, say), failing the test after <paramref name="realSeconds"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, double realSeconds = 20)
    {
        ArgumentNullException.ThrowIfNull(condition);
        DateTime end = DateTime.UtcNow.AddSeconds(realSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > end)
                throw new TimeoutException($"Timed out after {realSeconds} s waiting for: {what}");
            await Task.Delay(20);
        }
    }
}
