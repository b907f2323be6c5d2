using LiteDB;

namespace Atmo.Storage.Backup;

/// <summary>Receives a snapshot of the database, collection by collection: its name, its indexes, then its documents.</summary>
internal interface ISnapshotSink
{
    void Collection(string name);

    void Index(string collection, string name, string expression, bool unique);

    void Document(BsonDocument document);
}
