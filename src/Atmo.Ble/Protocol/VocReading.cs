namespace Atmo.Ble.Protocol;

/// <summary>SGPC3 characteristic (…0002).</summary>
public readonly record struct VocReading(int Ppb);
