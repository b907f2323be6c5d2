using System.Globalization;
using Microsoft.Extensions.Options;

namespace Atmo.Storage;

/// <summary>Checks <see cref="StorageOptions"/> at start; messages name the setting and what to write.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    /// <summary>Highest accepted <see cref="StorageOptions.RetentionDays"/> (100 years).</summary>
    public const int MaxRetentionDays = 36_500;

    /// <summary>Highest accepted <see cref="StorageOptions.ChangeFeedDays"/> (10 years).</summary>
    public const int MaxChangeFeedDays = 3_650;

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
            failures.Add("Storage:Path is empty; give the database file, e.g. --Storage:Path=/var/lib/atmo-edge/atmo-edge.db");
        else if (options.Path.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            failures.Add("Storage:Path contains a character that cannot be in a file path; give the database file, e.g. /var/lib/atmo-edge/atmo-edge.db");
        else if (Directory.Exists(options.Path) || options.Path.EndsWith('/'))
            failures.Add($"Storage:Path '{options.Path}' is a folder; give the database file inside it, e.g. {Path.Combine(options.Path, "atmo-edge.db")}");

        if (options.RetentionDays is < 0 or > MaxRetentionDays)
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"Storage:RetentionDays is {options.RetentionDays}; give 0 to keep every minute forever, or the days to keep, from 1 to {MaxRetentionDays}"));

        if (options.ChangeFeedDays is < 1 or > MaxChangeFeedDays)
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"Storage:ChangeFeedDays is {options.ChangeFeedDays}; give the days the change feed keeps entries its consumers have read, from 1 to {MaxChangeFeedDays} (default 7)"));

        if (!Enum.IsDefined(options.Durability))
            failures.Add($"Storage:Durability is {(int)options.Durability}; give {string.Join(", ", Enum.GetNames<CommitDurability>())} (default {nameof(CommitDurability.FsyncLog)})");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
