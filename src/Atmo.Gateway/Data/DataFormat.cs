namespace Atmo.Gateway.Data;

public enum DataFormat
{
    Json,
    Csv,
}
