namespace Atmo.Mqtt.Tests;

public sealed class MqttOptionsValidatorTests
{
    private static IReadOnlyList<string> Failures(MqttOptions options) =>
        new MqttOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Off_without_a_host_whatever_the_rest() =>
        Assert.Empty(Failures(new MqttOptions { Port = 0, TopicPrefix = "#" }));

    [Fact]
    public void Defaults_with_a_host_are_valid() =>
        Assert.Empty(Failures(new MqttOptions { Host = "broker.local" }));

    [Theory]
    [InlineData("mqtt://broker:1883", "Mqtt:Host")]
    [InlineData("broker.local|Port=70000", "Mqtt:Port")]
    [InlineData("broker.local|Password=x|PasswordFile=/etc/hostname|Username=u", "both set")]
    [InlineData("broker.local|Password=x", "without Mqtt:Username")]
    [InlineData("broker.local|Username=u|PasswordFile=/nonexistent/password", "does not exist")]
    [InlineData("broker.local|CaFile=/etc/hostname", "need Mqtt:Tls=true")]
    [InlineData("broker.local|Tls=true|ClientKeyFile=/etc/hostname", "without Mqtt:ClientCertificateFile")]
    [InlineData("broker.local|TopicPrefix=atmo/+/x", "Mqtt:TopicPrefix")]
    [InlineData("broker.local|TopicPrefix=/atmo", "Mqtt:TopicPrefix")]
    [InlineData("broker.local|DiscoveryPrefix=home assistant", "Mqtt:DiscoveryPrefix")]
    [InlineData("broker.local|ClientId=two words", "Mqtt:ClientId")]
    [InlineData("broker.local|StatusInterval=00:00:00", "Mqtt:StatusInterval")]
    public void Each_mistake_is_named_with_what_to_do(string settings, string expected)
    {
        string[] parts = settings.Split('|');
        var options = new MqttOptions { Host = parts[0] };
        foreach (string part in parts.Skip(1))
        {
            (string key, string value) = (part[..part.IndexOf('=')], part[(part.IndexOf('=') + 1)..]);
            switch (key)
            {
                case "Port": options.Port = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "Password": options.Password = value; break;
                case "PasswordFile": options.PasswordFile = value; break;
                case "Username": options.Username = value; break;
                case "CaFile": options.CaFile = value; break;
                case "Tls": options.Tls = bool.Parse(value); break;
                case "ClientKeyFile": options.ClientKeyFile = value; break;
                case "TopicPrefix": options.TopicPrefix = value; break;
                case "DiscoveryPrefix": options.DiscoveryPrefix = value; break;
                case "ClientId": options.ClientId = value; break;
                case "StatusInterval": options.StatusInterval = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException(key);
            }
        }

        IReadOnlyList<string> failures = Failures(options);

        Assert.Single(failures);
        Assert.Contains(expected, failures[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_gateway_id_is_the_prefix_made_safe_and_the_port_follows_TLS()
    {
        var options = new MqttOptions { Host = "b", TopicPrefix = "Atmo-Edge/Pi Kitchen", Tls = true };
        Assert.Equal("atmo-edge_pi_kitchen", options.GatewayId);
        Assert.Equal(8883, options.EffectivePort);
        Assert.Equal(1883, new MqttOptions { Host = "b" }.EffectivePort);
    }

    [Fact]
    public void Back_off_doubles_to_a_minute_with_jitter_of_at_most_half()
    {
        var backoff = new ReconnectBackoff(new Random(7));
        TimeSpan[] delays = [.. Enumerable.Range(0, 10).Select(_ => backoff.NextDelay())];
        for (int i = 0; i < delays.Length; i++)
        {
            double ceiling = Math.Min(60, Math.Pow(2, i));
            Assert.InRange(delays[i].TotalSeconds, ceiling / 2, ceiling);
        }

        backoff.Reset();
        Assert.InRange(backoff.NextDelay().TotalSeconds, 0.5, 1);
    }
}
