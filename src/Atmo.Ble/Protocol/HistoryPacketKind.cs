namespace Atmo.Ble.Protocol;

public enum HistoryPacketKind
{
    /// <summary>Not a history packet (no "HO"/"HT"/"HD" tag, or too short for its tag).</summary>
    Unknown,

    /// <summary>"HO…": the device's reply to HST. Its exact length was never captured, so any length is accepted.</summary>
    Reply,

    /// <summary>"HT": batch header, 9 bytes.</summary>
    Header,

    /// <summary>"HD": data packet, 4 bytes + k records.</summary>
    Data,
}
