using Tmds.DBus.Protocol;

namespace Atmo.Simulator.Tests.BlueZ;

internal static class ReaderExtensions
{
    /// <summary>Reads a PropertiesChanged body and says whether it carried ManufacturerData.</summary>
    public static bool ReadDictionaryOfStringToVariantValue_AfterString(this Reader reader)
    {
        reader.ReadString();
        return reader.ReadDictionaryOfStringToVariantValue().ContainsKey("ManufacturerData");
    }
}
