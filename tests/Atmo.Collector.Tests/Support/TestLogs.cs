using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace Atmo.Collector.Tests.Support;

internal static class TestLogs
{
    /// <summary>Collects every log record (stamped on <paramref name="clock"/>) and writes it to the test output as well.</summary>
    public static FakeLogCollector Collect(ITestOutputHelper? output, TimeProvider clock) => FakeLogCollector.Create(new FakeLogCollectorOptions
    {
        TimeProvider = clock,
        OutputSink = line =>
        {
            try
            {
                output?.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // The test already ended.
            }
        },
    });

    /// <summary>Every message logged so far, an exception's type and message appended, for a test to search.</summary>
    public static IReadOnlyList<string> Messages(this FakeLogCollector logs) =>
        [.. logs.GetSnapshot().Select(r => r.Exception is null ? r.Message : $"{r.Message} {r.Exception.GetType().Name}: {r.Exception.Message}")];
}
