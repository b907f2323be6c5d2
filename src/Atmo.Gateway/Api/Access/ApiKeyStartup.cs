namespace Atmo.Gateway.Api.Access;

/// <summary>Loads the keys while the host starts, so a missing key file is generated (and a bad one reported) before the first request.</summary>
/// <remarks>Resolves the ring in <see cref="StartAsync"/>, after the options were validated, so a bad configuration writes no key file.</remarks>
internal sealed class ApiKeyStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<ApiKeyRing>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
