namespace Atmo.Gateway.Commands;

/// <summary>
/// One progress line on stderr, rewritten in place with '\r' when stderr is a terminal, and
/// printed at most every few seconds otherwise (so logs and pipes stay readable).
/// </summary>
internal sealed class ConsoleProgressLine<T>(TextWriter writer, Func<T, string> format) : IProgress<T>
{
    private static readonly long QuietTicks = TimeSpan.FromSeconds(5).Ticks;
    private readonly bool _interactive = writer == Console.Error && !Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private long _lastWrite = long.MinValue;
    private bool _pending;

    public void Report(T value)
    {
        string line = format(value);
        lock (_gate)
        {
            long now = Environment.TickCount64 * TimeSpan.TicksPerMillisecond;
            if (_interactive)
            {
                writer.Write($"\r{line}\u001b[K");
                _pending = true;
            }
            else if (now - _lastWrite >= QuietTicks)
            {
                writer.WriteLine(line);
                _lastWrite = now;
            }
        }
    }

    /// <summary>Ends the rewritten line so that what follows starts on its own line.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_pending)
                writer.WriteLine();
            _pending = false;
        }
    }
}
