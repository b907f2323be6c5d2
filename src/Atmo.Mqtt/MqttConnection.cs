using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace Atmo.Mqtt;

/// <summary>
/// The one connection to the broker: connects, and after a loss reconnects with <see cref="ReconnectBackoff"/>. A failure
/// is logged once, in one line that says what to change, and again only when its reason changes. The gateway's
/// availability is <c>online</c> while connected and <c>offline</c> through the last will. Publishers never wait on
/// it unless they choose to: <see cref="TryPublishAsync"/> returns false at once while disconnected.
/// </summary>
public sealed partial class MqttConnection : BackgroundService
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly MqttOptions _options;
    private readonly MqttTopics _topics;
    private readonly ILogger<MqttConnection> _logger;
    private readonly IMqttClient _client;
    private readonly ReconnectBackoff _backoff = new(Random.Shared);
    private readonly List<string> _subscriptions = [];
    private readonly Lock _sync = new();
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _lastFailure;
    private int _epoch;

    public MqttConnection(IOptions<MqttOptions> options, MqttTopics topics, ILogger<MqttConnection> logger)
    {
        _options = options.Value;
        _topics = topics;
        _logger = logger;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += args => MessageReceived?.Invoke(args.ApplicationMessage) ?? Task.CompletedTask;
    }

    /// <summary>A message on a topic of <see cref="SubscribeAsync"/>.</summary>
    public event Func<MqttApplicationMessage, Task>? MessageReceived;

    public bool IsConnected => _client.IsConnected;

    /// <summary>Grows by one at every successful connection: a publisher of retained state republishes when it changes.</summary>
    public int Epoch => Volatile.Read(ref _epoch);

    public string Broker => $"{_options.Host}:{_options.EffectivePort}";

    public Task WaitConnectedAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
            return _connected.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Publishes, and for QoS 1 waits for the broker's acknowledgement; false when not connected or not acknowledged.</summary>
    public async Task<bool> TryPublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
            return false;
        try
        {
            MqttClientPublishResult result = await _client.PublishAsync(message, cancellationToken);
            return result.IsSuccess;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return false; // the connection went away (the reconnect loop logs it), or the broker refused the message
        }
    }

    /// <summary>Subscribes now (when connected) and after every reconnection.</summary>
    public async Task SubscribeAsync(string topic, CancellationToken cancellationToken)
    {
        lock (_sync)
            _subscriptions.Add(topic);
        if (_client.IsConnected)
            await SubscribeAllAsync([topic], cancellationToken);
    }

    /// <summary>
    /// The retained message of <paramref name="topic"/>, or null when there is none: subscribes, waits for it (a broker
    /// sends retained messages right after the subscription is granted) at most <paramref name="timeout"/>, unsubscribes.
    /// </summary>
    public async Task<byte[]?> ReadRetainedAsync(string topic, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var received = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<MqttApplicationMessage, Task> onMessage = message =>
        {
            if (message.Topic == topic && message.Retain)
                received.TrySetResult(message.Payload.ToArray());
            return Task.CompletedTask;
        };
        MessageReceived += onMessage;
        try
        {
            await SubscribeAllAsync([topic], cancellationToken);
            try
            {
                return await received.Task.WaitAsync(timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                return null;
            }
        }
        finally
        {
            MessageReceived -= onMessage;
            await UnsubscribeQuietlyAsync(topic);
        }
    }

    /// <summary>Drops a subscription; a connection lost meanwhile dropped it already.</summary>
    private async Task UnsubscribeQuietlyAsync(string topic)
    {
        try
        {
            if (_client.IsConnected)
                await _client.UnsubscribeAsync(new MqttClientUnsubscribeOptionsBuilder().WithTopicFilter(topic).Build(), CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Gone with the connection.
        }
    }

    /// <summary>A QoS 1 message; an empty retained payload deletes the retained message of the topic.</summary>
    public static MqttApplicationMessage Message(string topic, byte[] payload, bool retain) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithRetainFlag(retain)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        MqttClientOptions clientOptions = BuildClientOptions();
        while (!stoppingToken.IsCancellationRequested)
        {
            var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Func<MqttClientDisconnectedEventArgs, Task> onDisconnected = _ =>
            {
                lock (_sync)
                {
                    if (_connected.Task.IsCompleted)
                        _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                disconnected.TrySetResult();
                return Task.CompletedTask;
            };
            _client.DisconnectedAsync += onDisconnected;
            try
            {
                MqttClientConnectResult result = await _client.ConnectAsync(clientOptions, stoppingToken);
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                    throw new MqttCommunicationException(Refusal(result.ResultCode.ToString()));
                await PublishAvailabilityAsync("online", stoppingToken);
                string[] subscriptions;
                lock (_sync)
                    subscriptions = [.. _subscriptions];
                await SubscribeAllAsync(subscriptions, stoppingToken);
                LogConnected(_logger, Broker, _options.EffectiveClientId, _topics.Prefix);
                _lastFailure = null;
                _backoff.Reset();
                Interlocked.Increment(ref _epoch);
                lock (_sync)
                    _connected.TrySetResult();
                await disconnected.Task.WaitAsync(stoppingToken);
                LogDisconnected(_logger, Broker);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                string reason = Describe(exception);
                if (reason != _lastFailure)
                    LogCannotConnect(_logger, Broker, reason);
                _lastFailure = reason;
            }
            finally
            {
                _client.DisconnectedAsync -= onDisconnected;
            }

            try
            {
                await Task.Delay(_backoff.NextDelay(), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!_client.IsConnected)
            return;
        try
        {
            // A clean disconnect does not send the last will: say offline ourselves.
            await PublishAvailabilityAsync("offline", cancellationToken);
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cancellationToken);
        }
        catch (Exception exception) when (exception is MqttCommunicationException or OperationCanceledException)
        {
            // Stopping anyway; the broker publishes the last will.
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    private Task PublishAvailabilityAsync(string availability, CancellationToken cancellationToken) =>
        _client.PublishAsync(Message(_topics.GatewayAvailability, System.Text.Encoding.ASCII.GetBytes(availability), retain: true), cancellationToken);

    private async Task SubscribeAllAsync(IReadOnlyList<string> topics, CancellationToken cancellationToken)
    {
        if (topics.Count == 0)
            return;
        MqttClientSubscribeOptionsBuilder builder = new();
        foreach (string topic in topics)
            builder.WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce);
        await _client.SubscribeAsync(builder.Build(), cancellationToken);
    }

    private MqttClientOptions BuildClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host!.Trim(), _options.EffectivePort)
            .WithClientId(_options.EffectiveClientId)
            .WithCleanSession()
            .WithKeepAlivePeriod(KeepAlive)
            .WithTimeout(ConnectTimeout)
            .WithWillTopic(_topics.GatewayAvailability)
            .WithWillPayload("offline"u8.ToArray())
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (!string.IsNullOrWhiteSpace(_options.Username))
            builder.WithCredentials(_options.Username, MqttSecrets.ReadPassword(_options, _logger));
        if (_options.Tls)
            builder.WithTlsOptions(BuildTls);
        return builder.Build();
    }

    private void BuildTls(MqttClientTlsOptionsBuilder tls)
    {
        tls.UseTls().WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13).WithTargetHost(_options.Host!.Trim());
        if (_options.CaFile is { } caFile)
        {
            X509Certificate2 authority = X509CertificateLoader.LoadCertificateFromFile(caFile);
            tls.WithCertificateValidationHandler(args => IsSignedBy(args.Certificate, args.Chain, args.SslPolicyErrors, authority));
        }

        if (_options.ClientCertificateFile is { } certificateFile)
        {
            if (_options.ClientKeyFile is { } keyFile)
                MqttSecrets.WarnIfShared(keyFile, _logger);
            using var pem = X509Certificate2.CreateFromPemFile(certificateFile, _options.ClientKeyFile);
            // SslStream wants a certificate whose key it can use on every platform: round-trip through PKCS#12.
            X509Certificate2 certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            tls.WithClientCertificates([certificate]);
        }
    }

    /// <summary>The broker's chain ends at <paramref name="authority"/> and the name matches (no other trust store is asked).</summary>
    private static bool IsSignedBy(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2 authority)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        // Intermediate certificates the broker sent may complete the path to the CA.
        if (presented is not null)
        {
            foreach (X509ChainElement element in presented.ChainElements)
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    /// <summary>One sentence for a person: what failed and what to change.</summary>
    internal static string Describe(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case MqttConnectingFailedException refused:
                    return Refusal(refused.Message);
                case AuthenticationException tls:
                    return $"the TLS handshake failed ({tls.Message}); if the broker's certificate is signed by a private CA, set Mqtt:CaFile to that CA's PEM file, and check that Mqtt:Host is a name in the certificate";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "nothing accepts connections there (connection refused); is the broker running, and are Mqtt:Host and Mqtt:Port right?";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }:
                    return "the host name does not resolve; check Mqtt:Host";
                case SocketException socket:
                    return $"network error ({socket.SocketErrorCode}); check Mqtt:Host, Mqtt:Port and the network";
                case MqttCommunicationTimedOutException or TimeoutException:
                    return "no answer within 10 s; check Mqtt:Host, Mqtt:Port and Mqtt:Tls (a TLS port spoken to in plain text, or the reverse, stays silent)";
            }
        }

        return exception is MqttCommunicationException && exception.Message.StartsWith("the broker", StringComparison.Ordinal)
            ? exception.Message
            : $"{exception.GetType().Name}: {exception.Message}";
    }

    /// <summary>The broker answered the CONNECT with a refusal; <paramref name="code"/> is its result code (or a message naming it).</summary>
    private static string Refusal(string code) =>
        code.Contains(nameof(MqttClientConnectResultCode.BadUserNameOrPassword), StringComparison.Ordinal) ||
        code.Contains(nameof(MqttClientConnectResultCode.NotAuthorized), StringComparison.Ordinal)
            ? "the broker refused the login (bad user name or password, or not authorised); check Mqtt:Username and Mqtt:PasswordFile (or Mqtt:Password)"
        : code.Contains(nameof(MqttClientConnectResultCode.ClientIdentifierNotValid), StringComparison.Ordinal)
            ? "the broker refused the client id; set another Mqtt:ClientId"
            : $"the broker refused the connection ({code})";

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT: connected to {Broker} as {ClientId}; publishing under {Prefix}")]
    private static partial void LogConnected(ILogger logger, string broker, string clientId, string prefix);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: lost the connection to {Broker}; reconnecting with back-off")]
    private static partial void LogDisconnected(ILogger logger, string broker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: cannot connect to {Broker}: {Reason}. Retrying with back-off; collection goes on and nothing is lost (logged again only if the reason changes).")]
    private static partial void LogCannotConnect(ILogger logger, string broker, string reason);
}
