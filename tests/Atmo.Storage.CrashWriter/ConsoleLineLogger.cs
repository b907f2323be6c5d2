using Microsoft.Extensions.Logging;

namespace Atmo.Storage.CrashWriter;

/// <summary>Prints every log message as a line <c>log: …</c> on stdout, where the parent test reads it.</summary>
internal sealed class ConsoleLineLogger<T> : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Console.WriteLine("log: " + formatter(state, exception));
}
