using Microsoft.Extensions.Logging.Testing;

namespace Atmo.Testing;

/// <summary>What <see cref="FakeLogger"/> collected, as text: for "was logged" and "never appears" assertions.</summary>
public static class FakeLogText
{
    /// <summary>One line per record: level, category, message, structured values and exception.</summary>
    public static IReadOnlyList<string> Lines(this FakeLogCollector logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        return [.. logs.GetSnapshot().Select(r =>
            $"{r.Level} {r.Category}: {r.Message} [{string.Join(' ', r.StructuredState?.Select(p => $"{p.Key}={p.Value}") ?? [])}] {r.Exception}")];
    }

    /// <summary>Everything logged, one record per line.</summary>
    public static string AllText(this FakeLogCollector logs) => string.Join('\n', logs.Lines());
}
