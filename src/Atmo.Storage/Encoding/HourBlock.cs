using System.Buffers.Binary;
using System.Numerics;
using Atmo.Core;

namespace Atmo.Storage.Encoding;

/// <summary>
/// The minutes of one device in one UTC hour, decoded from (and encoded to) the compact binary
/// field of the hour document.
/// </summary>
/// <remarks>
/// Binary layout, little endian: <c>version:u8</c>, <c>presence:u64</c> (bit n = minute n of the
/// hour is stored), then for each stored minute in ascending order: <c>flags:u8</c> (bits 0–1 the
/// <see cref="MinuteSource"/>, bit 6 = exact values follow, bit 7 = a disagreement was already
/// counted for this minute), <c>fields:u16</c> (bit f = field f of <see cref="ScaledValues"/> is
/// present) and one <c>i32</c> per present field; when bit 6 is set, then <c>exact:u16</c> (bit f =
/// field f has an exact value, a subset of <c>fields</c>) and one <c>f64</c> per such field, the
/// value exactly as received. A block with no exact values is version 1, byte for byte what every
/// earlier release wrote; a block with one is version 2, so an older release refuses it with a clear
/// error instead of misreading it. A full hour of nine-field minutes is 9 + 60 × 39 = 2,349 bytes;
/// a cloud minute with an exact position adds 18.
/// </remarks>
internal sealed class HourBlock
{
    /// <summary>The version of blocks without exact values (every block written before exact values existed).</summary>
    public const byte FormatVersion = 1;

    /// <summary>The version of blocks with at least one minute carrying exact values.</summary>
    public const byte ExactFormatVersion = 2;

    private const int HeaderSize = 9;
    private const byte SourceBits = 0x03;
    private const byte ExactValuesFollow = 0x40;
    private const byte DisagreementCounted = 0x80;
    private const int Slots = MinuteClock.MinutesPerHour;
    private const int Fields = ScaledValues.FieldCount;

    private readonly byte[] _flags = new byte[Slots];
    private readonly ushort[] _masks = new ushort[Slots];
    private readonly int[] _values = new int[Slots * Fields];

    // Allocated only for a block that holds exact values (cloud minutes with more digits than the contract's precision).
    private ushort[]? _exactMasks;
    private double[]? _exact;

    public HourBlock(int hour) => Hour = hour;

    public int Hour { get; private set; }

    public ulong Presence { get; private set; }

    public int Count => BitOperations.PopCount(Presence);

    public bool Has(int slot) => ((Presence >> slot) & 1) != 0;

    public MinuteSource SourceAt(int slot) => (MinuteSource)(_flags[slot] & SourceBits);

    public bool DisagreementCountedAt(int slot) => (_flags[slot] & DisagreementCounted) != 0;

    public bool HasExactValues(int slot) => ExactMaskAt(slot) != 0;

    public bool HasSameValues(int slot, ushort mask, ReadOnlySpan<int> values) =>
        _masks[slot] == mask && values.SequenceEqual(_values.AsSpan(slot * Fields, Fields));

    /// <summary>Stores a minute; the disagreement mark of the slot survives (it counts the minute, not the record).</summary>
    public void Set(int slot, MinuteSource source, ushort mask, ReadOnlySpan<int> values, ushort exactMask = 0, ReadOnlySpan<double> exact = default)
    {
        byte keep = Has(slot) ? (byte)(_flags[slot] & DisagreementCounted) : (byte)0;
        _flags[slot] = (byte)((byte)source | keep);
        _masks[slot] = mask;
        values.CopyTo(_values.AsSpan(slot * Fields, Fields));
        SetExact(slot, exactMask, exact);
        Presence |= 1UL << slot;
    }

    /// <summary>Keeps <paramref name="exact"/> (at field index) for the fields of <paramref name="exactMask"/>; 0 clears them.</summary>
    public void SetExact(int slot, ushort exactMask, ReadOnlySpan<double> exact)
    {
        if (exactMask == 0)
        {
            if (_exactMasks is not null)
                _exactMasks[slot] = 0;
            return;
        }

        _exactMasks ??= new ushort[Slots];
        _exact ??= new double[Slots * Fields];
        _exactMasks[slot] = exactMask;
        exact[..Fields].CopyTo(_exact.AsSpan(slot * Fields, Fields));
    }

    public void MarkDisagreementCounted(int slot) => _flags[slot] |= DisagreementCounted;

    public void Remove(int slot)
    {
        Presence &= ~(1UL << slot);
        _flags[slot] = 0;
        _masks[slot] = 0;
        _values.AsSpan(slot * Fields, Fields).Clear();
        SetExact(slot, 0, default);
    }

    public StoredMinute ToStoredMinute(int slot) =>
        ScaledValues.Decode(
            MinuteClock.ToTime(MinuteClock.FirstMinuteOf(Hour) + slot),
            SourceAt(slot),
            _masks[slot],
            _values.AsSpan(slot * Fields, Fields),
            ExactMaskAt(slot),
            _exact is null ? default : _exact.AsSpan(slot * Fields, Fields));

    public MinuteRecord ToRecord(MacAddress device, int slot) => ToStoredMinute(slot).ToRecord(device);

    public byte[] Encode()
    {
        int size = HeaderSize;
        bool anyExact = false;
        for (ulong rest = Presence; rest != 0; rest &= rest - 1)
        {
            int slot = BitOperations.TrailingZeroCount(rest);
            size += 3 + 4 * BitOperations.PopCount((uint)_masks[slot]);
            ushort exactMask = ExactMaskAt(slot);
            if (exactMask != 0)
            {
                size += 2 + 8 * BitOperations.PopCount((uint)exactMask);
                anyExact = true;
            }
        }

        byte[] blob = new byte[size];
        blob[0] = anyExact ? ExactFormatVersion : FormatVersion;
        BinaryPrimitives.WriteUInt64LittleEndian(blob.AsSpan(1), Presence);
        int at = HeaderSize;
        for (ulong rest = Presence; rest != 0; rest &= rest - 1)
        {
            int slot = BitOperations.TrailingZeroCount(rest);
            ushort mask = _masks[slot];
            ushort exactMask = ExactMaskAt(slot);
            blob[at] = (byte)(_flags[slot] | (exactMask != 0 ? ExactValuesFollow : 0));
            BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(at + 1), mask);
            at += 3;
            for (int field = 0; field < Fields; field++)
            {
                if ((mask & (1 << field)) == 0)
                    continue;
                BinaryPrimitives.WriteInt32LittleEndian(blob.AsSpan(at), _values[slot * Fields + field]);
                at += 4;
            }

            if (exactMask == 0)
                continue;
            BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(at), exactMask);
            at += 2;
            for (int field = 0; field < Fields; field++)
            {
                if ((exactMask & (1 << field)) == 0)
                    continue;
                BinaryPrimitives.WriteDoubleLittleEndian(blob.AsSpan(at), _exact![slot * Fields + field]);
                at += 8;
            }
        }

        return blob;
    }

    public static HourBlock Decode(int hour, byte[] blob)
    {
        var block = new HourBlock(hour);
        block.Load(hour, blob);
        return block;
    }

    /// <summary>Replaces this block's content with the blob of <paramref name="hour"/> (a reader decodes hour after hour into one block).</summary>
    public void Load(int hour, byte[] blob)
    {
        ulong presence = ReadPresence(hour, blob);
        bool exactAllowed = blob[0] == ExactFormatVersion;
        Hour = hour;
        Presence = presence;
        _exactMasks?.AsSpan().Clear();
        int at = HeaderSize;
        for (ulong rest = presence; rest != 0; rest &= rest - 1)
        {
            int slot = BitOperations.TrailingZeroCount(rest);
            if (at + 3 > blob.Length)
                throw Corrupt(hour);
            byte flags = blob[at];
            ushort mask = BinaryPrimitives.ReadUInt16LittleEndian(blob.AsSpan(at + 1));
            _flags[slot] = (byte)(flags & ~ExactValuesFollow);
            _masks[slot] = mask;
            at += 3;
            if (at + 4 * BitOperations.PopCount((uint)mask) > blob.Length)
                throw Corrupt(hour);
            for (int field = 0; field < Fields; field++)
            {
                if ((mask & (1 << field)) == 0)
                    continue;
                _values[slot * Fields + field] = BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(at));
                at += 4;
            }

            if ((flags & ExactValuesFollow) != 0)
                at = LoadExact(hour, blob, at, slot, mask, exactAllowed);
        }
    }

    private int LoadExact(int hour, byte[] blob, int at, int slot, ushort mask, bool exactAllowed)
    {
        if (!exactAllowed || at + 2 > blob.Length)
            throw Corrupt(hour);
        ushort exactMask = BinaryPrimitives.ReadUInt16LittleEndian(blob.AsSpan(at));
        at += 2;
        if (exactMask == 0 || (exactMask & ~mask) != 0 || at + 8 * BitOperations.PopCount((uint)exactMask) > blob.Length)
            throw Corrupt(hour);
        Span<double> exact = stackalloc double[Fields];
        for (int field = 0; field < Fields; field++)
        {
            if ((exactMask & (1 << field)) == 0)
                continue;
            exact[field] = BinaryPrimitives.ReadDoubleLittleEndian(blob.AsSpan(at));
            at += 8;
        }

        SetExact(slot, exactMask, exact);
        return at;
    }

    /// <summary>Which minutes of the hour are stored, without decoding the values.</summary>
    public static ulong ReadPresence(int hour, byte[] blob)
    {
        if (blob.Length < HeaderSize || blob[0] is not (FormatVersion or ExactFormatVersion))
            throw Corrupt(hour);
        return BinaryPrimitives.ReadUInt64LittleEndian(blob.AsSpan(1));
    }

    private ushort ExactMaskAt(int slot) => _exactMasks is null ? (ushort)0 : _exactMasks[slot];

    private static InvalidDataException Corrupt(int hour) =>
        new($"The stored minutes of hour {MinuteClock.ToTime(MinuteClock.FirstMinuteOf(hour)):yyyy-MM-dd HH}:00Z are not in format {FormatVersion} or {ExactFormatVersion}.");
}
