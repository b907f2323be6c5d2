using Tmds.DBus.Protocol;

namespace Atmo.Simulator.Tests.BlueZ;

/// <summary>Plain D-Bus calls to the emulator, as busctl or bluetoothctl would make them.</summary>
internal sealed class RawBus(DBusConnection connection) : IDisposable
{
    public static async Task<RawBus> ConnectAsync(string address)
    {
        var connection = new DBusConnection(address);
        await connection.ConnectAsync();
        return new RawBus(connection);
    }

    public DBusConnection Connection => connection;

    public Task CallAsync(string path, string iface, string member, string? signature = null, WriteArgs? body = null) =>
        CallAsync(path, iface, member, signature, body, static (_, _) => true);

    public Task<T> CallAsync<T>(string path, string iface, string member, string? signature, WriteArgs? body, MessageValueReader<T> reader)
    {
        MessageWriter writer = connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(destination: "org.bluez", path: path, @interface: iface, member: member, signature: signature);
            body?.Invoke(ref writer);
            return connection.CallMethodAsync(writer.CreateMessage(), reader);
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>The D-Bus signature of a property's value, from Properties.Get.</summary>
    public Task<string> PropertySignatureAsync(string path, string iface, string name) =>
        CallAsync(path, "org.freedesktop.DBus.Properties", "Get", "ss",
            (ref MessageWriter w) =>
            {
                w.WriteString(iface);
                w.WriteString(name);
            },
            static (m, _) => m.GetBodyReader().ReadSignatureAsString());

    public static async Task<string> ErrorNameAsync(Task call)
    {
        var e = await Assert.ThrowsAsync<DBusErrorReplyException>(() => call);
        return e.ErrorName;
    }

    public void Dispose() => connection.Dispose();
}
