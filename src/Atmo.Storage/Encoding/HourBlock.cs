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
/// <see cref="MinuteSource"/>, bit 7 = a disagreement was already counted for this minute),
/// <c>fields:u16</c> (bit f = field f of <see cref="ScaledValues"/> is present) and one
/// <c>i32</c> per present field. A full hour of nine-field minutes is 9 + 60 × 39 = 2,349 bytes.
/// </remarks>
internal sealed class HourBlock
{
    public const byte FormatVersion = 1;
    private const int HeaderSize = 9;
    private const byte SourceBits = 0x03;
    private const byte DisagreementCounted = 0x80;
    private const int Slots = MinuteClock.MinutesPerHour;
    private const int Fields = ScaledValues.FieldCount;

    private readonly byte[] _flags = new byte[Slots];
    private readonly ushort[] _masks = new ushort[Slots];
    private readonly int[] _values = new int[Slots * Fields];

    public HourBlock(int hour) => Hour = hour;

    public int Hour { get; }

    public ulong Presence { get; private set; }

    public int Count => BitOperations.PopCount(Presence);

    public bool Has(int slot) => ((Presence >> slot) & 1) != 0;

    public MinuteSource SourceAt(int slot) => (MinuteSource)(_flags[slot] & SourceBits);

    public bool DisagreementCountedAt(int slot) => (_flags[slot] & DisagreementCounted) != 0;

    public bool HasSameValues(int slot, ushort mask, ReadOnlySpan<int> values) =>
        _masks[slot] == mask && values.SequenceEqual(_values.AsSpan(slot * Fields, Fields));

    /// <summary>Stores a minute; the disagreement mark of the slot survives (it counts the minute, not the record).</summary>
    public void Set(int slot, MinuteSource source, ushort mask, ReadOnlySpan<int> values)
    {
        byte keep = Has(slot) ? (byte)(_flags[slot] & DisagreementCounted) : (byte)0;
        _flags[slot] = (byte)((byte)source | keep);
        _masks[slot] = mask;
        values.CopyTo(_values.AsSpan(slot * Fields, Fields));
        Presence |= 1UL << slot;
    }

    public void MarkDisagreementCounted(int slot) => _flags[slot] |= DisagreementCounted;

    public void Remove(int slot)
    {
        Presence &= ~(1UL << slot);
        _flags[slot] = 0;
        _masks[slot] = 0;
        _values.AsSpan(slot * Fields, Fields).Clear();
    }

    public MinuteRecord ToRecord(MacAddress device, int slot) =>
        ScaledValues.Decode(
            device,
            MinuteClock.ToTime(MinuteClock.FirstMinuteOf(Hour) + slot),
            SourceAt(slot),
            _masks[slot],
            _values.AsSpan(slot * Fields, Fields));

    public byte[] Encode()
    {
        int size = HeaderSize;
        for (ulong rest = Presence; rest != 0; rest &= rest - 1)
            size += 3 + 4 * BitOperations.PopCount((uint)_masks[BitOperations.TrailingZeroCount(rest)]);

        byte[] blob = new byte[size];
        blob[0] = FormatVersion;
        BinaryPrimitives.WriteUInt64LittleEndian(blob.AsSpan(1), Presence);
        int at = HeaderSize;
        for (ulong rest = Presence; rest != 0; rest &= rest - 1)
        {
            int slot = BitOperations.TrailingZeroCount(rest);
            ushort mask = _masks[slot];
            blob[at] = _flags[slot];
            BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(at + 1), mask);
            at += 3;
            for (int field = 0; field < Fields; field++)
            {
                if ((mask & (1 << field)) == 0)
                    continue;
                BinaryPrimitives.WriteInt32LittleEndian(blob.AsSpan(at), _values[slot * Fields + field]);
                at += 4;
            }
        }

        return blob;
    }

    public static HourBlock Decode(int hour, byte[] blob)
    {
        ulong presence = ReadPresence(hour, blob);
        var block = new HourBlock(hour) { Presence = presence };
        int at = HeaderSize;
        for (ulong rest = presence; rest != 0; rest &= rest - 1)
        {
            int slot = BitOperations.TrailingZeroCount(rest);
            if (at + 3 > blob.Length)
                throw Corrupt(hour);
            block._flags[slot] = blob[at];
            ushort mask = BinaryPrimitives.ReadUInt16LittleEndian(blob.AsSpan(at + 1));
            block._masks[slot] = mask;
            at += 3;
            if (at + 4 * BitOperations.PopCount((uint)mask) > blob.Length)
                throw Corrupt(hour);
            for (int field = 0; field < Fields; field++)
            {
                if ((mask & (1 << field)) == 0)
                    continue;
                block._values[slot * Fields + field] = BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(at));
                at += 4;
            }
        }

        return block;
    }

    /// <summary>Which minutes of the hour are stored, without decoding the values.</summary>
    public static ulong ReadPresence(int hour, byte[] blob)
    {
        if (blob.Length < HeaderSize || blob[0] != FormatVersion)
            throw Corrupt(hour);
        return BinaryPrimitives.ReadUInt64LittleEndian(blob.AsSpan(1));
    }

    private static InvalidDataException Corrupt(int hour) =>
        new($"The stored minutes of hour {MinuteClock.ToTime(MinuteClock.FirstMinuteOf(hour)):yyyy-MM-dd HH}:00Z are not in format {FormatVersion}.");
}
