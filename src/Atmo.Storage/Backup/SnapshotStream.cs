using System.Buffers.Binary;
using TextEncoding = System.Text.Encoding;
using LiteDB;

namespace Atmo.Storage.Backup;

/// <summary>
/// A snapshot as a byte stream, for <c>atmo-edge backup</c> talking to the running daemon: the magic
/// <c>ATMOSNP1</c>, then frames <c>kind:u8 length:i32le payload</c>: a collection (its name), an index
/// (collection, name, expression and "1"/"0" for unique, separated by line feeds), a document (BSON),
/// the end, or an error (its message). A stream that stops before the end frame is an incomplete backup.
/// </summary>
internal static class SnapshotStream
{
    private static readonly byte[] Magic = "ATMOSNP1"u8.ToArray();

    private enum Kind : byte
    {
        Collection = 1,
        Index = 2,
        Document = 3,
        End = 4,
        Error = 5,
    }

    /// <summary>Writes a snapshot as frames; <see cref="End"/> or <see cref="Error"/> finishes it.</summary>
    public sealed class Writer(Stream output) : ISnapshotSink
    {
        private bool _started;

        public void Collection(string name) => Frame(Kind.Collection, TextEncoding.UTF8.GetBytes(name));

        public void Index(string collection, string name, string expression, bool unique) =>
            Frame(Kind.Index, TextEncoding.UTF8.GetBytes($"{collection}\n{name}\n{expression}\n{(unique ? "1" : "0")}"));

        public void Document(BsonDocument document) => Frame(Kind.Document, BsonSerializer.Serialize(document));

        public void End()
        {
            Frame(Kind.End, []);
            output.Flush();
        }

        public void Error(string message)
        {
            Frame(Kind.Error, TextEncoding.UTF8.GetBytes(message));
            output.Flush();
        }

        private void Frame(Kind kind, byte[] payload)
        {
            if (!_started)
            {
                output.Write(Magic);
                _started = true;
            }

            Span<byte> header = stackalloc byte[5];
            header[0] = (byte)kind;
            BinaryPrimitives.WriteInt32LittleEndian(header[1..], payload.Length);
            output.Write(header);
            output.Write(payload);
        }
    }

    /// <summary>Reads frames into <paramref name="sink"/> until the end frame.</summary>
    /// <exception cref="IOException">The stream is not a snapshot, the sender reported an error, or it stopped early.</exception>
    public static void Read(Stream input, ISnapshotSink sink, CancellationToken cancellationToken)
    {
        byte[] magic = new byte[Magic.Length];
        if (!TryReadExactly(input, magic) || !magic.AsSpan().SequenceEqual(Magic))
            throw new IOException("The daemon did not answer with a snapshot; is it an atmo-edge of the same release?");
        byte[] header = new byte[5];
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!TryReadExactly(input, header))
                throw new IOException("The daemon stopped sending before the backup was complete (did it stop?); nothing was kept.");
            var kind = (Kind)header[0];
            int length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(1));
            if (length < 0)
                throw new IOException("The snapshot stream is damaged.");
            byte[] payload = new byte[length];
            if (!TryReadExactly(input, payload))
                throw new IOException("The daemon stopped sending before the backup was complete (did it stop?); nothing was kept.");
            switch (kind)
            {
                case Kind.Collection:
                    sink.Collection(TextEncoding.UTF8.GetString(payload));
                    break;
                case Kind.Index:
                    string[] parts = TextEncoding.UTF8.GetString(payload).Split('\n');
                    sink.Index(parts[0], parts[1], parts[2], parts[3] == "1");
                    break;
                case Kind.Document:
                    sink.Document(BsonSerializer.Deserialize(payload));
                    break;
                case Kind.End:
                    return;
                case Kind.Error:
                    throw new IOException($"The daemon could not make the backup: {TextEncoding.UTF8.GetString(payload)}");
                default:
                    throw new IOException("The snapshot stream is damaged.");
            }
        }
    }

    private static bool TryReadExactly(Stream input, byte[] buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = input.Read(buffer, read, buffer.Length - read);
            if (n == 0)
                return false;
            read += n;
        }

        return true;
    }
}
