namespace Atmo.Storage.Tests;

public sealed class StorageOptionsValidatorTests
{
    [Theory]
    [InlineData("data/atmo-edge.db", 0)]
    [InlineData("/var/lib/atmo-edge/atmo-edge.db", 365)]
    [InlineData("atmo.db", 36500)]
    public void Accepts_a_file_path_and_retention_from_0_to_100_years(string path, int days)
    {
        Assert.True(new StorageOptionsValidator().Validate(null, new StorageOptions { Path = path, RetentionDays = days }).Succeeded);
    }

    [Theory]
    [InlineData("", 0, "Storage:Path is empty")]
    [InlineData("/var/lib/atmo-edge/", 0, "Storage:Path '/var/lib/atmo-edge/' is a folder")]
    [InlineData("bad\0name.db", 0, "Storage:Path contains a character")]
    [InlineData("a.db", -1, "Storage:RetentionDays is -1;")]
    [InlineData("a.db", 36501, "Storage:RetentionDays is 36501;")]
    public void Rejects_with_a_message_naming_the_setting(string path, int days, string expected)
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { Path = path, RetentionDays = days });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void An_undefined_durability_is_rejected_with_the_accepted_names()
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { Path = "a.db", Durability = (CommitDurability)7 });

        Assert.Equal("Storage:Durability is 7; give FsyncLog, CheckpointEachCommit, ProcessCrashOnly (default FsyncLog)", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3651)]
    public void A_change_feed_kept_for_no_day_or_more_than_ten_years_is_rejected(int days)
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { Path = "a.db", ChangeFeedDays = days });

        Assert.StartsWith($"Storage:ChangeFeedDays is {days}; give the days", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(new StorageOptionsValidator().Validate(null, new StorageOptions()).Succeeded);
    }
}
