using Atmo.Core;
using Atmo.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Collector.Tests.Support;

/// <summary>A real LiteDB store in a folder of its own, deleted on dispose.</summary>
internal sealed class TemporaryStore : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "atmo-collector-" + Guid.NewGuid().ToString("N"));
    private readonly LiteDbMinuteStore _store;

    public TemporaryStore(TimeProvider clock)
    {
        Directory.CreateDirectory(_folder);
        _store = new LiteDbMinuteStore(new StorageOptions { Path = Path.Combine(_folder, "atmo-edge.db") }, clock, NullLogger<LiteDbMinuteStore>.Instance);
    }

    public IMinuteStore Store => _store;

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
