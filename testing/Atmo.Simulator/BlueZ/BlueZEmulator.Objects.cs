using System.Text;
using Tmds.DBus.Protocol;

namespace Atmo.Simulator.BlueZ;

// The object tree: ObjectManager, Properties, Introspectable, and the signals that keep clients in step.
public sealed partial class BlueZEmulator
{
    private void Dispatch(MethodContext context)
    {
        Message request = context.Request;
        string path = request.PathAsString ?? "/";
        string iface = request.InterfaceAsString ?? "";
        string member = request.MemberAsString ?? "";

        if (iface == BlueZNames.Introspectable && member == "Introspect")
        {
            ReplyIntrospect(context, path);
            return;
        }

        if (path == "/" && iface == BlueZNames.ObjectManager && member == "GetManagedObjects")
        {
            ReplyManagedObjects(context);
            return;
        }

        EmulatedObject? target;
        lock (_sync)
            _objects.TryGetValue(path, out target);
        if (target is null)
            throw new EmulatedError(BlueZNames.ErrorUnknownObject, $"Method \"{member}\" with signature \"{request.SignatureAsString}\" on interface \"{iface}\" doesn't exist");

        switch (iface)
        {
            case BlueZNames.Properties:
                HandleProperties(context, target, member);
                return;
            case BlueZNames.Adapter1 when target.Interfaces.ContainsKey(iface):
                HandleAdapter(context, member);
                return;
            case BlueZNames.Device1 when target.Interfaces.ContainsKey(iface):
                HandleDevice(context, target, member);
                return;
            case BlueZNames.GattCharacteristic1 when target.Interfaces.ContainsKey(iface):
                HandleCharacteristic(context, target, member);
                return;
            default:
                context.ReplyUnknownMethodError();
                return;
        }
    }

    private void HandleProperties(MethodContext context, EmulatedObject target, string member)
    {
        Reader reader = context.Request.GetBodyReader();
        string iface = reader.ReadString();
        lock (_sync)
        {
            if (!target.Interfaces.TryGetValue(iface, out Dictionary<string, VariantValue>? properties))
                throw new EmulatedError(BlueZNames.ErrorInvalidArgs, $"No such interface '{iface}'");
            switch (member)
            {
                case "Get":
                {
                    string name = reader.ReadString();
                    if (!properties.TryGetValue(name, out VariantValue value))
                        throw new EmulatedError(BlueZNames.ErrorInvalidArgs, $"No such property '{name}'");
                    using MessageWriter writer = context.CreateReplyWriter("v");
                    writer.WriteVariant(value);
                    context.Reply(writer.CreateMessage());
                    return;
                }
                case "GetAll":
                {
                    using MessageWriter writer = context.CreateReplyWriter("a{sv}");
                    writer.WriteDictionary(properties);
                    context.Reply(writer.CreateMessage());
                    return;
                }
                case "Set":
                {
                    string name = reader.ReadString();
                    VariantValue value = reader.ReadVariantValue();
                    if (!properties.ContainsKey(name))
                        throw new EmulatedError(BlueZNames.ErrorInvalidArgs, $"No such property '{name}'");
                    if (!target.Writable.Contains((iface, name)))
                        throw new EmulatedError(BlueZNames.ErrorPropertyReadOnly, $"Property '{name}' is not writable");
                    if (iface == BlueZNames.Adapter1 && name == "Powered")
                        SetPowered(value.GetBool());
                    else
                        SetProperty(target.Path, iface, name, value);
                    using MessageWriter writer = context.CreateReplyWriter(null);
                    context.Reply(writer.CreateMessage());
                    return;
                }
                default:
                    context.ReplyUnknownMethodError();
                    return;
            }
        }
    }

    private void ReplyManagedObjects(MethodContext context)
    {
        lock (_sync)
        {
            MessageWriter writer = context.CreateReplyWriter("a{oa{sa{sv}}}");
            try
            {
                ArrayStart objects = writer.WriteDictionaryStart();
                foreach (EmulatedObject o in _objects.Values.OrderBy(o => o.Path, StringComparer.Ordinal))
                {
                    writer.WriteDictionaryEntryStart();
                    writer.WriteObjectPath(o.Path);
                    WriteInterfaces(ref writer, o.Interfaces);
                }

                writer.WriteDictionaryEnd(objects);
                context.Reply(writer.CreateMessage());
            }
            finally
            {
                writer.Dispose();
            }
        }
    }

    private static void WriteInterfaces(ref MessageWriter writer, IEnumerable<KeyValuePair<string, Dictionary<string, VariantValue>>> interfaces)
    {
        ArrayStart start = writer.WriteDictionaryStart();
        foreach (var (name, properties) in interfaces)
        {
            writer.WriteDictionaryEntryStart();
            writer.WriteString(name);
            writer.WriteDictionary(properties);
        }

        writer.WriteDictionaryEnd(start);
    }

    private void ReplyIntrospect(MethodContext context, string path)
    {
        string prefix = path == "/" ? "/" : path + "/";
        List<string> children;
        List<ReadOnlyMemory<byte>> xml = [];
        lock (_sync)
        {
            children = _objects.Keys
                .Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && p.Length > prefix.Length)
                .Select(p => p[prefix.Length..].Split('/')[0])
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (path == "/")
                xml.Add(Encoding.UTF8.GetBytes($"<interface name=\"{BlueZNames.ObjectManager}\"><method name=\"GetManagedObjects\"><arg name=\"objects\" type=\"a{{oa{{sa{{sv}}}}}}\" direction=\"out\"/></method><signal name=\"InterfacesAdded\"><arg name=\"object\" type=\"o\"/><arg name=\"interfaces\" type=\"a{{sa{{sv}}}}\"/></signal><signal name=\"InterfacesRemoved\"><arg name=\"object\" type=\"o\"/><arg name=\"interfaces\" type=\"as\"/></signal></interface>\n"));
            if (_objects.TryGetValue(path, out EmulatedObject? o))
            {
                xml.Add(Encoding.UTF8.GetBytes($"<interface name=\"{BlueZNames.Properties}\"/>\n"));
                foreach (string name in o.Interfaces.Keys)
                    xml.Add(Encoding.UTF8.GetBytes($"<interface name=\"{name}\"/>\n"));
            }
        }

        if (xml.Count == 0 && children.Count == 0)
            throw new EmulatedError(BlueZNames.ErrorUnknownObject, $"No such object path '{path}'");
        context.ReplyIntrospectXml(xml.ToArray(), children);
    }

    // ---- Tree changes; callers hold _sync so that signals leave in the order of the changes. ----

    private void AddObject(EmulatedObject o)
    {
        _objects[o.Path] = o;
        MessageWriter writer = StartSignal("/", BlueZNames.ObjectManager, "InterfacesAdded", "oa{sa{sv}}");
        try
        {
            writer.WriteObjectPath(o.Path);
            WriteInterfaces(ref writer, o.Interfaces);
            Send(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }

    private void RemoveObject(string path)
    {
        if (!_objects.Remove(path, out EmulatedObject? o))
            return;
        using MessageWriter writer = StartSignal("/", BlueZNames.ObjectManager, "InterfacesRemoved", "oas");
        writer.WriteObjectPath(path);
        writer.WriteArray(o.Interfaces.Keys.ToArray());
        Send(writer.CreateMessage());
    }

    private void SetProperty(string path, string iface, string name, VariantValue value) =>
        SetProperties(path, iface, [new(name, value)]);

    private void SetProperties(string path, string iface, KeyValuePair<string, VariantValue>[] changes)
    {
        if (!_objects.TryGetValue(path, out EmulatedObject? o) || !o.Interfaces.TryGetValue(iface, out var properties))
            return;
        foreach (var (name, value) in changes)
            properties[name] = value;
        using MessageWriter writer = StartSignal(path, BlueZNames.Properties, "PropertiesChanged", "sa{sv}as");
        writer.WriteString(iface);
        writer.WriteDictionary(changes);
        writer.WriteArray(Array.Empty<string>());
        Send(writer.CreateMessage());
    }

    private MessageWriter StartSignal(string path, string iface, string member, string signature)
    {
        MessageWriter writer = (_connection ?? throw new ObjectDisposedException(nameof(BlueZEmulator))).GetMessageWriter();
        writer.WriteSignalHeader(destination: null, path: path, @interface: iface, member: member, signature: signature);
        return writer;
    }

    private void Send(MessageBuffer message) => _connection?.TrySendMessage(message);
}
