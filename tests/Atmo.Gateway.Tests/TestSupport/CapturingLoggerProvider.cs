using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Atmo.Gateway.Tests.TestSupport;

/// <summary>Keeps every log entry (message and exception text) so tests can assert what was, and was not, logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Everything logged, one entry per line, for "never appears" assertions.</summary>
    public string AllText => string.Join('\n', _entries.Select(e => $"{e.Category} {e.Level} {e.Message} {e.Exception}"));

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}
