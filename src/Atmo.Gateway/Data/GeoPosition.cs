namespace Atmo.Gateway.Data;

/// <summary>A position in decimal degrees (WGS 84).</summary>
public readonly record struct GeoPosition(double Latitude, double Longitude);
