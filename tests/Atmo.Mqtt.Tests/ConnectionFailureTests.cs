using Atmo.Core;
using Atmo.Mqtt.Tests.Support;
using Atmo.Testing;
using Microsoft.Extensions.Logging;

namespace Atmo.Mqtt.Tests;

/// <summary>
/// A broker that refuses, is absent or shows a certificate of an unknown CA: one clear log line that says what to
/// change, retries with back-off, and the store keeps taking minutes as fast as ever; the password never reaches the log.
/// </summary>
public sealed class ConnectionFailureTests : BrokerTest
{

    [Fact]
    public async Task A_wrong_password_is_one_clear_line_and_storage_goes_on()
    {
        string wrong = Path.Combine(Folder, "wrong-password");
        await File.WriteAllTextAsync(wrong, "not-the-password\n");
        File.SetUnixFileMode(wrong, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        string log = await RunFailingAsync(
            "Mqtt:Host=127.0.0.1", $"Mqtt:Port={Broker.Port}", $"Mqtt:Username={MosquittoBroker.Username}", $"Mqtt:PasswordFile={wrong}");

        Assert.Contains("refused the login", log, StringComparison.Ordinal);
        Assert.Contains("Mqtt:PasswordFile", log, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_absentBroker_is_one_clear_line_and_storage_goes_on()
    {
        string log = await RunFailingAsync("Mqtt:Host=127.0.0.1", $"Mqtt:Port={MosquittoBroker.FreePort()}");

        Assert.Contains("connection refused", log, StringComparison.Ordinal);
        Assert.Contains("is the broker running", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABroker_certificate_from_an_unknown_CA_is_one_clear_line_and_storage_goes_on()
    {
        var other = TestCertificates.Create(Folder, "other");

        string log = await RunFailingAsync(
            "Mqtt:Host=127.0.0.1", $"Mqtt:Port={Broker.TlsPort}", "Mqtt:Tls=true", $"Mqtt:CaFile={other.CaFile}",
            $"Mqtt:Username={MosquittoBroker.Username}", $"Mqtt:Password={MosquittoBroker.Password}");

        Assert.Contains("TLS handshake failed", log, StringComparison.Ordinal);
        Assert.Contains("Mqtt:CaFile", log, StringComparison.Ordinal);
        Assert.DoesNotContain(MosquittoBroker.Password, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TLS_with_theBrokers_CA_connects()
    {
        var facts = new FakeGatewayFacts();
        await using PublisherHost publisher = await PublisherHost.StartAsync(Path.Combine(Folder, "atmo-edge.db"), facts,
            "Mqtt:Host=127.0.0.1", $"Mqtt:Port={Broker.TlsPort}", "Mqtt:Tls=true", $"Mqtt:CaFile={Broker.Certificates.CaFile}",
            $"Mqtt:Username={MosquittoBroker.Username}", $"Mqtt:PasswordFile={Broker.PasswordFile}");

        await Eventually.UntilAsync(() => publisher.LogText.Contains("MQTT: connected to 127.0.0.1", StringComparison.Ordinal), "connected over TLS");
        Assert.DoesNotContain("cannot connect", publisher.LogText, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs the publisher against a broker it cannot use for long enough to retry at least twice, while minutes are
    /// stored; returns the log. Asserts the one warning, and that every minute written was stored.
    /// </summary>
    private async Task<string> RunFailingAsync(params string[] settings)
    {
        await using PublisherHost publisher = await PublisherHost.StartAsync(Path.Combine(Folder, "atmo-edge.db"), new FakeGatewayFacts(), settings);
        var device = MacAddress.Parse("C2:2B:4F:11:22:33");
        var start = new DateTime(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc);
        DateTime until = DateTime.UtcNow.AddSeconds(4); // back-off 0.5–1 s, then 1–2 s: at least two more attempts
        int written = 0;
        while (DateTime.UtcNow < until)
        {
            publisher.Store.Write([new MinuteRecord { Device = device, Time = start.AddMinutes(written), Source = MinuteSource.History, Pm25 = written % 50 }]);
            written++;
            await Task.Delay(20);
        }

        Assert.Equal(written, publisher.Store.GetStats(device).History);
        string[] warnings = [.. publisher.Logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(r => r.Message)];
        Assert.True(warnings.Length == 1, "expected one warning, got:\n" + string.Join('\n', warnings));
        Assert.Contains("MQTT: cannot connect to 127.0.0.1:", warnings[0], StringComparison.Ordinal);
        return publisher.LogText;
    }
}
