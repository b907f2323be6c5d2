using Tmds.DBus.Protocol;

using InterfaceMap = System.Collections.Generic.Dictionary<string, System.Collections.Generic.Dictionary<string, Tmds.DBus.Protocol.VariantValue>>;

namespace Atmo.Ble.BlueZ;

// The mirror of BlueZ's object tree and the three signal subscriptions that keep it current.
public sealed partial class BlueZClient
{
    private readonly Dictionary<string, InterfaceMap> _tree = new(StringComparer.Ordinal);
    private volatile Action<TreeChange>[] _listeners = [];
    private bool _available;

    /// <summary>The adapters BlueZ has now.</summary>
    public IReadOnlyList<BlueZAdapterInfo> GetAdapters()
    {
        lock (_tree)
        {
            return _tree
                .Where(kv => kv.Value.ContainsKey(BlueZNames.Adapter1))
                .Select(kv => AdapterInfo(kv.Key, kv.Value[BlueZNames.Adapter1]))
                .OrderBy(a => a.Path, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>The devices BlueZ knows now (seen recently, paired, or connected).</summary>
    public IReadOnlyList<BlueZDeviceInfo> GetDevices(string? adapterPath = null)
    {
        lock (_tree)
        {
            return _tree
                .Where(kv => kv.Value.ContainsKey(BlueZNames.Device1) && (adapterPath is null || kv.Key.StartsWith(adapterPath + "/", StringComparison.Ordinal)))
                .Select(kv => Variants.Device(kv.Key, kv.Value[BlueZNames.Device1]))
                .OfType<BlueZDeviceInfo>()
                .ToList();
        }
    }

    public BlueZDeviceInfo? GetDevice(string devicePath)
    {
        lock (_tree)
        {
            return _tree.TryGetValue(devicePath, out InterfaceMap? interfaces) && interfaces.TryGetValue(BlueZNames.Device1, out var p)
                ? Variants.Device(devicePath, p)
                : null;
        }
    }

    /// <summary>The GATT characteristics BlueZ resolved for a connected device.</summary>
    public IReadOnlyList<BlueZCharacteristicInfo> GetCharacteristics(string devicePath)
    {
        lock (_tree)
        {
            var result = new List<BlueZCharacteristicInfo>();
            foreach (var (path, interfaces) in _tree)
            {
                if (!path.StartsWith(devicePath + "/", StringComparison.Ordinal) || !interfaces.TryGetValue(BlueZNames.GattCharacteristic1, out var p))
                    continue;
                string servicePath = Variants.String(p, "Service") ?? path[..path.LastIndexOf('/')];
                string? serviceUuid = _tree.TryGetValue(servicePath, out InterfaceMap? s) && s.TryGetValue(BlueZNames.GattService1, out var sp)
                    ? Variants.String(sp, "UUID")
                    : null;
                result.Add(new BlueZCharacteristicInfo(
                    path,
                    (Variants.String(p, "UUID") ?? "").ToLowerInvariant(),
                    servicePath,
                    serviceUuid?.ToLowerInvariant(),
                    Variants.Strings(p, "Flags"),
                    Variants.UInt16(p, "MTU"),
                    Variants.Bool(p, "Notifying")));
            }

            return result.OrderBy(c => c.Path, StringComparer.Ordinal).ToList();
        }
    }

    internal bool HasObject(string path, string iface)
    {
        lock (_tree)
            return _tree.TryGetValue(path, out InterfaceMap? interfaces) && interfaces.ContainsKey(iface);
    }

    /// <summary>Registers a listener for every tree change; dispose to unregister.</summary>
    internal IDisposable Listen(Action<TreeChange> listener)
    {
        lock (_tree)
            _listeners = [.. _listeners, listener];
        return new Unlisten(this, listener);
    }

    private sealed class Unlisten(BlueZClient client, Action<TreeChange> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (client._tree)
                client._listeners = client._listeners.Where(l => l != listener).ToArray();
        }
    }

    private async Task SubscribeAsync()
    {
        IDisposable added = await _connection.AddMatchAsync(
            new MatchRule { Type = MessageType.Signal, Sender = BlueZNames.Service, Path = BlueZNames.Root, Interface = BlueZNames.ObjectManager, Member = "InterfacesAdded" },
            static (Message m, object? _) =>
            {
                Reader r = m.GetBodyReader();
                string path = r.ReadObjectPathAsString();
                return (path, ReadInterfaces(ref r));
            },
            (Notification<(string Path, InterfaceMap Interfaces)> n) =>
            {
                if (n.HasValue)
                    OnInterfacesAdded(n.Value.Path, n.Value.Interfaces);
            },
            emitOnCapturedContext: false).ConfigureAwait(false);
        IDisposable removed = await _connection.AddMatchAsync(
            new MatchRule { Type = MessageType.Signal, Sender = BlueZNames.Service, Path = BlueZNames.Root, Interface = BlueZNames.ObjectManager, Member = "InterfacesRemoved" },
            static (Message m, object? _) =>
            {
                Reader r = m.GetBodyReader();
                return (r.ReadObjectPathAsString(), r.ReadArrayOfString());
            },
            (Notification<(string Path, string[] Interfaces)> n) =>
            {
                if (n.HasValue)
                    OnInterfacesRemoved(n.Value.Path, n.Value.Interfaces);
            },
            emitOnCapturedContext: false).ConfigureAwait(false);
        IDisposable changed = await _connection.AddMatchAsync(
            new MatchRule { Type = MessageType.Signal, Sender = BlueZNames.Service, PathNamespace = BlueZNames.Namespace, Interface = BlueZNames.Properties, Member = "PropertiesChanged" },
            static (Message m, object? _) =>
            {
                Reader r = m.GetBodyReader();
                string path = m.PathAsString ?? "";
                string iface = r.ReadString();
                Dictionary<string, VariantValue> values = r.ReadDictionaryOfStringToVariantValue();
                string[] invalidated = r.ReadArrayOfString();
                return (path, iface, values, invalidated);
            },
            (Notification<(string Path, string Interface, Dictionary<string, VariantValue> Values, string[] Invalidated)> n) =>
            {
                if (n.HasValue)
                    OnPropertiesChanged(n.Value.Path, n.Value.Interface, n.Value.Values, n.Value.Invalidated);
            },
            emitOnCapturedContext: false).ConfigureAwait(false);
        IDisposable owner = await _connection.AddMatchAsync(
            new MatchRule { Type = MessageType.Signal, Sender = "org.freedesktop.DBus", Interface = "org.freedesktop.DBus", Member = "NameOwnerChanged", Arg0 = BlueZNames.Service },
            static (Message m, object? _) =>
            {
                Reader r = m.GetBodyReader();
                return (r.ReadString(), r.ReadString(), r.ReadString());
            },
            (Notification<(string Name, string OldOwner, string NewOwner)> n) =>
            {
                if (n.HasValue)
                    OnBlueZOwnerChanged(n.Value.OldOwner, n.Value.NewOwner);
            },
            emitOnCapturedContext: false).ConfigureAwait(false);
        lock (_subscriptions)
            _subscriptions.AddRange([added, removed, changed, owner]);
    }

    private static InterfaceMap ReadInterfaces(ref Reader r)
    {
        var interfaces = new InterfaceMap(StringComparer.Ordinal);
        ArrayEnd end = r.ReadDictionaryStart();
        while (r.HasNext(end))
        {
            string name = r.ReadString();
            interfaces[name] = r.ReadDictionaryOfStringToVariantValue();
        }

        return interfaces;
    }

    /// <summary>Replaces the mirror with BlueZ's current tree (start, and after bluetoothd restarts).</summary>
    private async Task ReloadTreeAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, InterfaceMap> objects;
        try
        {
            objects = await CallAsync(
                BlueZNames.Root, BlueZNames.ObjectManager, "GetManagedObjects", null, null,
                static (Message m, object? _) =>
                {
                    Reader r = m.GetBodyReader();
                    var result = new Dictionary<string, InterfaceMap>(StringComparer.Ordinal);
                    ArrayEnd end = r.ReadDictionaryStart();
                    while (r.HasNext(end))
                    {
                        string path = r.ReadObjectPathAsString();
                        result[path] = ReadInterfaces(ref r);
                    }

                    return result;
                },
                _options.CallTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (BlueZException e) when (e.Kind == BlueZErrorKind.ServiceUnknown)
        {
            LogNotRunning(e.Advice);
            SetUnavailable();
            return;
        }

        List<BlueZAdapterInfo> adapters;
        lock (_tree)
        {
            _tree.Clear();
            foreach (var (path, interfaces) in objects)
                _tree[path] = interfaces;
            _available = true;
            adapters = _tree.Where(kv => kv.Value.ContainsKey(BlueZNames.Adapter1)).Select(kv => AdapterInfo(kv.Key, kv.Value[BlueZNames.Adapter1])).ToList();
        }

        LogTreeRead(objects.Count, string.Join(", ", adapters.Select(a => a.Name)));
        Raise(new TreeChange(TreeChangeKind.ServiceRestored, BlueZNames.Root, []));
        BlueZMetrics.AvailabilityChanged(true);
        AvailabilityChanged?.Invoke(this, new BlueZAvailabilityEventArgs(true));
        foreach (BlueZAdapterInfo adapter in adapters)
            AdapterAdded?.Invoke(this, new BlueZAdapterEventArgs(adapter));
    }

    private void OnBlueZOwnerChanged(string oldOwner, string newOwner)
    {
        if (oldOwner.Length > 0)
        {
            // Every object of the old owner is gone, even when a new owner took over at once.
            LogServiceLost();
            SetUnavailable();
        }

        if (newOwner.Length == 0)
            return;

        LogServiceRestarted(newOwner);
        _ = Task.Run(async () =>
        {
            try
            {
                await ReloadTreeAsync(_lifetime.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is BlueZException or OperationCanceledException or ObjectDisposedException)
            {
                LogTreeRereadFailed(e);
            }
        });
    }

    private void SetUnavailable()
    {
        List<BlueZAdapterInfo> adapters;
        bool wasAvailable;
        lock (_tree)
        {
            wasAvailable = _available;
            adapters = _tree.Where(kv => kv.Value.ContainsKey(BlueZNames.Adapter1)).Select(kv => AdapterInfo(kv.Key, kv.Value[BlueZNames.Adapter1])).ToList();
            _tree.Clear();
            _available = false;
        }

        Raise(new TreeChange(TreeChangeKind.ServiceLost, BlueZNames.Root, []));
        foreach (BlueZAdapterInfo adapter in adapters)
            AdapterRemoved?.Invoke(this, new BlueZAdapterEventArgs(adapter));
        if (wasAvailable)
        {
            BlueZMetrics.AvailabilityChanged(false);
            AvailabilityChanged?.Invoke(this, new BlueZAvailabilityEventArgs(false));
        }
    }

    private void OnInterfacesAdded(string path, InterfaceMap interfaces)
    {
        lock (_tree)
        {
            if (!_tree.TryGetValue(path, out InterfaceMap? existing))
                _tree[path] = existing = new InterfaceMap(StringComparer.Ordinal);
            foreach (var (name, properties) in interfaces)
                existing[name] = properties;
        }

        Raise(new TreeChange(TreeChangeKind.InterfacesAdded, path, interfaces.Keys.ToList()));
        if (interfaces.TryGetValue(BlueZNames.Adapter1, out var adapter))
            AdapterAdded?.Invoke(this, new BlueZAdapterEventArgs(AdapterInfo(path, adapter)));
    }

    private void OnInterfacesRemoved(string path, string[] interfaces)
    {
        BlueZAdapterInfo? removedAdapter = null;
        lock (_tree)
        {
            if (_tree.TryGetValue(path, out InterfaceMap? existing))
            {
                if (interfaces.Contains(BlueZNames.Adapter1) && existing.TryGetValue(BlueZNames.Adapter1, out var adapter))
                    removedAdapter = AdapterInfo(path, adapter);
                foreach (string name in interfaces)
                    existing.Remove(name);
                if (existing.Count == 0)
                    _tree.Remove(path);
            }
        }

        Raise(new TreeChange(TreeChangeKind.InterfacesRemoved, path, interfaces));
        if (removedAdapter is not null)
            AdapterRemoved?.Invoke(this, new BlueZAdapterEventArgs(removedAdapter));
    }

    private void OnPropertiesChanged(string path, string iface, Dictionary<string, VariantValue> values, string[] invalidated)
    {
        lock (_tree)
        {
            if (_tree.TryGetValue(path, out InterfaceMap? interfaces) && interfaces.TryGetValue(iface, out var properties))
            {
                foreach (var (name, value) in values)
                    properties[name] = value;
                foreach (string name in invalidated)
                    properties.Remove(name);
            }
        }

        Raise(new TreeChange(TreeChangeKind.PropertiesChanged, path, [iface], values));
    }

    private void Raise(TreeChange change)
    {
        foreach (Action<TreeChange> listener in _listeners)
        {
            try
            {
                listener(change);
            }
#pragma warning disable CA1031 // One faulty listener must not stop the others or the D-Bus loop.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogListenerFailed(e);
            }
        }
    }

    private static BlueZAdapterInfo AdapterInfo(string path, Dictionary<string, VariantValue> p) =>
        new(path, Variants.String(p, "Address"), Variants.Bool(p, "Powered"), Variants.Bool(p, "Discovering"));
}
