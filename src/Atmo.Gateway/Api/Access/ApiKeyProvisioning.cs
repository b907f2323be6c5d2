using Atmo.Storage;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Api.Access;

/// <summary>
/// Builds the <see cref="ApiKeyRing"/> at start: configured keys plus the key file; when there are
/// none, generates the key file and logs its path (never a key).
/// </summary>
internal sealed partial class ApiKeyProvisioning(
    IOptions<ApiOptions> apiOptions, IOptions<StorageOptions> storageOptions, ILogger<ApiKeyProvisioning> logger)
{
    public ApiKeyRing Load()
    {
        ApiOptions api = apiOptions.Value;
        string keyFile = ApiKeyFile.ResolvePath(api.KeyFile, storageOptions.Value.Path);
        var keys = new List<string>(api.Keys);
        if (File.Exists(keyFile))
        {
            IReadOnlyList<string> fileKeys = ApiKeyFile.Read(keyFile);
            if (fileKeys.Count == 0 && keys.Count == 0)
                throw new InvalidOperationException(
                    $"The API key file '{keyFile}' holds no key and Api:Keys is empty: put one key per line in the file, or delete it and restart to have one generated.");
            if (ApiKeyFile.IsReadableByOthers(keyFile))
                LogReadableByOthers(logger, keyFile);
            keys.AddRange(fileKeys);
        }
        else if (keys.Count == 0)
        {
            try
            {
                keys.Add(ApiKeyFile.Create(keyFile));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException(
                    $"No API key is configured and the key file '{keyFile}' cannot be created ({exception.Message}): " +
                    "give a key with --Api:Keys:0=..., or point Api:KeyFile at a writable place.", exception);
            }

            LogGenerated(logger, keyFile);
        }

        var ring = new ApiKeyRing(keys);
        LogKeys(logger, ring.Count);
        return ring;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API key was configured, so one was generated into {KeyFile} (readable by this user only). Clients pass it as api_key=...; show it with: cat {KeyFile}")]
    private static partial void LogGenerated(ILogger logger, string keyFile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The API key file {KeyFile} is readable by other users; restrict it with: chmod 600 {KeyFile}")]
    private static partial void LogReadableByOthers(ILogger logger, string keyFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "GET /api/v1/data accepts {Count} API key(s)")]
    private static partial void LogKeys(ILogger logger, int count);
}
