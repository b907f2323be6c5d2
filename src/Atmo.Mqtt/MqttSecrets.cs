using Microsoft.Extensions.Logging;

namespace Atmo.Mqtt;

/// <summary>Reads the password (or the client key) from its file, and warns when others can read that file.</summary>
internal static partial class MqttSecrets
{
    /// <summary><see cref="MqttOptions.Password"/>, or the first line of <see cref="MqttOptions.PasswordFile"/>; null when neither is set.</summary>
    public static string? ReadPassword(MqttOptions options, ILogger logger)
    {
        if (!string.IsNullOrEmpty(options.Password))
            return options.Password;
        if (string.IsNullOrEmpty(options.PasswordFile))
            return null;
        WarnIfShared(options.PasswordFile, logger);
        return File.ReadAllText(options.PasswordFile).TrimEnd('\r', '\n');
    }

    /// <summary>A file holding a secret must not be readable by its group or by everyone.</summary>
    public static void WarnIfShared(string path, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
            return;
        UnixFileMode mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
            LogSharedSecretFile(logger, path, (mode & UnixFileMode.OtherRead) != 0 ? "everyone" : "its group");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The MQTT secret file {Path} is readable by {Who}; run 'chmod 600 {Path}' so only the service user can read it.")]
    private static partial void LogSharedSecretFile(ILogger logger, string path, string who);
}
