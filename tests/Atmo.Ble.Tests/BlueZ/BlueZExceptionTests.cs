using Atmo.Ble.BlueZ;

namespace Atmo.Ble.Tests.BlueZ;

public class BlueZExceptionTests
{
    [Theory]
    [InlineData("org.bluez.Error.InProgress", BlueZErrorKind.InProgress)]
    [InlineData("org.bluez.Error.NotReady", BlueZErrorKind.NotReady)]
    [InlineData("org.bluez.Error.NotConnected", BlueZErrorKind.NotConnected)]
    [InlineData("org.bluez.Error.Failed", BlueZErrorKind.Failed)]
    [InlineData("org.bluez.Error.DoesNotExist", BlueZErrorKind.DoesNotExist)]
    [InlineData("org.bluez.Error.NotSupported", BlueZErrorKind.NotSupported)]
    [InlineData("org.bluez.Error.NotPermitted", BlueZErrorKind.NotPermitted)]
    [InlineData("org.bluez.Error.AlreadyExists", BlueZErrorKind.AlreadyExists)]
    [InlineData("org.bluez.Error.InvalidArguments", BlueZErrorKind.InvalidArguments)]
    [InlineData("org.freedesktop.DBus.Error.UnknownObject", BlueZErrorKind.UnknownObject)]
    [InlineData("org.freedesktop.DBus.Error.AccessDenied", BlueZErrorKind.AccessDenied)]
    [InlineData("org.freedesktop.DBus.Error.ServiceUnknown", BlueZErrorKind.ServiceUnknown)]
    [InlineData("org.freedesktop.DBus.Error.NoReply", BlueZErrorKind.Timeout)]
    [InlineData("org.example.Whatever", BlueZErrorKind.Unknown)]
    public void Error_names_are_classified(string name, BlueZErrorKind kind) =>
        Assert.Equal(kind, BlueZException.Classify(name));

    [Theory]
    [InlineData(BlueZErrorKind.AccessDenied, "bluetooth' group")]
    [InlineData(BlueZErrorKind.NotReady, "rfkill unblock bluetooth")]
    [InlineData(BlueZErrorKind.ServiceUnknown, "systemctl start bluetooth")]
    public void Advice_tells_a_person_what_to_do(BlueZErrorKind kind, string expected)
    {
        var e = new BlueZException(kind, "Adapter1.StartDiscovery on /org/bluez/hci0", null, null);

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("Adapter1.StartDiscovery", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_kind_has_advice()
    {
        foreach (BlueZErrorKind kind in Enum.GetValues<BlueZErrorKind>())
            Assert.False(string.IsNullOrWhiteSpace(BlueZException.AdviceFor(kind)));
    }
}
