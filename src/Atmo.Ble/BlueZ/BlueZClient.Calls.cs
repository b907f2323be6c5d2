using Tmds.DBus.Protocol;

namespace Atmo.Ble.BlueZ;

// Every method call goes through CallAsync: one timeout, cancellation, and BlueZ errors made typed.
public sealed partial class BlueZClient
{
    internal delegate void WriteBody(ref MessageWriter writer);

    private static readonly MessageValueReader<bool> NoReply = static (_, _) => true;

    internal async Task<T> CallAsync<T>(
        string path, string iface, string member, string? signature, WriteBody? body,
        MessageValueReader<T> reader, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        string method = $"{iface[(iface.LastIndexOf('.') + 1)..]}.{member}";
        string operation = $"{method} on {path}";
        MessageBuffer message;
        MessageWriter writer = _connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(destination: BlueZNames.Service, path: path, @interface: iface, member: member, signature: signature);
            body?.Invoke(ref writer);
            message = writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }

        Task<T> call;
        try
        {
            call = _connection.CallMethodAsync(message, reader);
        }
        catch (Exception e) when (e is DBusConnectionException or ObjectDisposedException)
        {
            throw new BlueZException(BlueZErrorKind.BusUnavailable, operation, null, e.Message, e);
        }

        try
        {
            return await call.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (CountFailure(e, method))
        {
            throw; // Never taken: the filter only counts, then lets the handlers below run.
        }
        catch (DBusErrorReplyException e)
        {
            throw BlueZException.FromDBus(e, operation);
        }
        catch (TimeoutException e)
        {
            Observe(call);
            throw new BlueZException(BlueZErrorKind.Timeout, operation, null, $"no answer within {timeout.TotalSeconds:0.#} s", e);
        }
        catch (OperationCanceledException)
        {
            Observe(call);
            throw;
        }
        catch (DBusConnectionException e)
        {
            throw new BlueZException(BlueZErrorKind.BusUnavailable, operation, null, e.Message, e);
        }
    }

    /// <summary>Counts a failed call for the metrics; always false (used as an exception filter).</summary>
    private static bool CountFailure(Exception e, string method)
    {
        BlueZErrorKind? kind = e switch
        {
            DBusErrorReplyException reply => BlueZException.Classify(reply.ErrorName),
            TimeoutException => BlueZErrorKind.Timeout,
            DBusConnectionException => BlueZErrorKind.BusUnavailable,
            _ => null,
        };
        if (kind is BlueZErrorKind k)
            BlueZMetrics.Error(k, method);
        return false;
    }

    private static void Observe(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private Task CallAsync(string path, string iface, string member, string? signature, WriteBody? body, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        CallAsync(path, iface, member, signature, body, NoReply, timeout ?? _options.CallTimeout, cancellationToken);

    // ---- org.bluez.Adapter1 ----

    /// <summary>SetDiscoveryFilter({Transport: "le", DuplicateData: true}): every advertisement, LE only.</summary>
    public Task SetLeDiscoveryFilterAsync(string adapterPath, CancellationToken cancellationToken) =>
        CallAsync(adapterPath, BlueZNames.Adapter1, "SetDiscoveryFilter", "a{sv}",
            static (ref MessageWriter w) => w.WriteDictionary(new Dictionary<string, VariantValue>
            {
                ["Transport"] = "le",
                ["DuplicateData"] = true,
            }),
            cancellationToken);

    public Task StartDiscoveryAsync(string adapterPath, CancellationToken cancellationToken) =>
        CallAsync(adapterPath, BlueZNames.Adapter1, "StartDiscovery", null, null, cancellationToken);

    public Task StopDiscoveryAsync(string adapterPath, CancellationToken cancellationToken) =>
        CallAsync(adapterPath, BlueZNames.Adapter1, "StopDiscovery", null, null, cancellationToken);

    public Task RemoveDeviceAsync(string adapterPath, string devicePath, CancellationToken cancellationToken) =>
        CallAsync(adapterPath, BlueZNames.Adapter1, "RemoveDevice", "o",
            (ref MessageWriter w) => w.WriteObjectPath(devicePath), cancellationToken);

    /// <summary>Sets Adapter1.Powered through org.freedesktop.DBus.Properties.Set.</summary>
    public Task SetPoweredAsync(string adapterPath, bool powered, CancellationToken cancellationToken) =>
        CallAsync(adapterPath, BlueZNames.Properties, "Set", "ssv",
            (ref MessageWriter w) =>
            {
                w.WriteString(BlueZNames.Adapter1);
                w.WriteString("Powered");
                w.WriteVariantBool(powered);
            },
            cancellationToken);

    // ---- org.bluez.Device1 ----

    public Task ConnectDeviceAsync(string devicePath, CancellationToken cancellationToken) =>
        CallAsync(devicePath, BlueZNames.Device1, "Connect", null, null, cancellationToken, _options.ConnectTimeout);

    public Task DisconnectDeviceAsync(string devicePath, CancellationToken cancellationToken) =>
        CallAsync(devicePath, BlueZNames.Device1, "Disconnect", null, null, cancellationToken);

    // ---- org.bluez.GattCharacteristic1 ----

    public Task<byte[]> ReadValueAsync(string characteristicPath, CancellationToken cancellationToken) =>
        CallAsync(characteristicPath, BlueZNames.GattCharacteristic1, "ReadValue", "a{sv}",
            static (ref MessageWriter w) => w.WriteDictionary(new Dictionary<string, VariantValue>()),
            static (Message m, object? _) => m.GetBodyReader().ReadArrayOfByte(),
            _options.CallTimeout, cancellationToken);

    /// <summary>WriteValue with type "command" (without response) or "request" (with response).</summary>
    public Task WriteValueAsync(string characteristicPath, ReadOnlyMemory<byte> value, bool withoutResponse, CancellationToken cancellationToken) =>
        CallAsync(characteristicPath, BlueZNames.GattCharacteristic1, "WriteValue", "aya{sv}",
            (ref MessageWriter w) =>
            {
                w.WriteArray(value.Span);
                w.WriteDictionary(new Dictionary<string, VariantValue> { ["type"] = withoutResponse ? "command" : "request" });
            },
            cancellationToken);

    public Task StartNotifyAsync(string characteristicPath, CancellationToken cancellationToken) =>
        CallAsync(characteristicPath, BlueZNames.GattCharacteristic1, "StartNotify", null, null, cancellationToken);

    public Task StopNotifyAsync(string characteristicPath, CancellationToken cancellationToken) =>
        CallAsync(characteristicPath, BlueZNames.GattCharacteristic1, "StopNotify", null, null, cancellationToken);
}
