using System.Net.Sockets;
using System.Runtime.InteropServices;
using TextEncoding = System.Text.Encoding;

namespace Atmo.Storage.Backup;

/// <summary>
/// The daemon's local backup endpoint: a Unix socket beside the database (<c>atmo-edge.sock</c> for
/// <c>atmo-edge.db</c>), readable and writable by its owner only, that answers the line <c>backup</c> with a
/// snapshot of the database. Only root and the daemon's own user may connect (checked by the socket's
/// permissions and again by the peer's credentials).
/// </summary>
public static partial class BackupSocket
{
    /// <summary>The request line.</summary>
    public const string Request = "backup\n";

    // sockaddr_un.sun_path holds 108 bytes with the terminating NUL.
    private const int MaxPathBytes = 107;
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public static string PathFor(string databasePath) => Path.ChangeExtension(Path.GetFullPath(databasePath), ".sock");

    /// <summary>Whether the path fits a Unix socket address.</summary>
    public static bool Fits(string socketPath) => TextEncoding.UTF8.GetByteCount(socketPath) <= MaxPathBytes;

    /// <summary>A connection to a daemon listening at <paramref name="socketPath"/>, or null when none does.</summary>
    public static Socket? TryConnect(string socketPath)
    {
        if (!Fits(socketPath) || !File.Exists(socketPath))
            return null;
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return socket;
        }
        catch (SocketException)
        {
            // A socket file left by a daemon that was killed: nobody listens.
            socket.Dispose();
            return null;
        }
    }

    /// <summary>Whether the connected peer runs as root or as this process's user (SO_PEERCRED).</summary>
    public static bool PeerAllowed(Socket client)
    {
        Span<byte> credentials = stackalloc byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        if (client.GetRawSocketOption(SolSocket, SoPeerCred, credentials) != credentials.Length)
            return false;
        uint uid = BitConverter.ToUInt32(credentials[4..8]);
        return uid == 0 || uid == GetEffectiveUserId();
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
