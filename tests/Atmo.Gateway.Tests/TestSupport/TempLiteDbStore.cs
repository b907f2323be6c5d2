using Atmo.Core;
using Atmo.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Atmo.Gateway.Tests.TestSupport;

/// <summary>A real LiteDB store in a fresh temp folder, deleted on dispose.</summary>
public sealed class TempLiteDbStore : IDisposable
{
    public TempLiteDbStore(IEnumerable<MinuteRecord>? records = null)
    {
        Folder = Directory.CreateTempSubdirectory("atmo-litedb-").FullName;
        Path = System.IO.Path.Combine(Folder, "atmo-edge.db");
        Store = new LiteDbMinuteStore(new StorageOptions { Path = Path }, TimeProvider.System, NullLogger<LiteDbMinuteStore>.Instance);
        if (records is not null)
            Store.Write([.. records]);
    }

    public string Folder { get; }
    public string Path { get; }
    public LiteDbMinuteStore Store { get; }

    public void Dispose()
    {
        Store.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
