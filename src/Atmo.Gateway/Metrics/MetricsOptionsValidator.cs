using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Metrics;

/// <summary>Checks <see cref="MetricsOptions"/> at start.</summary>
internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options) =>
        DeviceLabeler.Modes.Contains(options.DeviceLabels)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Metrics:DeviceLabels is '{options.DeviceLabels}'; give name (default: the configured Devices:N:Name, else a hashed label), hashed (always the hashed label) or mac (the Bluetooth address, visible to anyone who can reach /metrics)");
}
