using Atmo.Gateway.Configuration;
using Microsoft.Extensions.Configuration;

namespace Atmo.Gateway.Tests.Configuration;

public sealed class SettingsFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atmo-settings-").FullName;

    private string Write(string name, string json)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Wins_over_appsettings_and_loses_to_environment_and_command_line()
    {
        string appsettings = Write("appsettings.json", """{"A":"appsettings","B":"appsettings","C":"appsettings","D":"appsettings"}""");
        string settings = Write("site.json", """{"B":"settings","C":"settings","D":"settings"}""");
        Environment.SetEnvironmentVariable("ATMO_SETTINGS_TEST_C", "environment");
        var configuration = new ConfigurationManager();
        configuration.AddJsonFile(appsettings);
        configuration.AddEnvironmentVariables("ATMO_SETTINGS_TEST_");
        configuration.AddCommandLine(["--D=command-line"]);

        SettingsFile.Add(configuration, settings);

        Assert.Equal("appsettings", configuration["A"]);
        Assert.Equal("settings", configuration["B"]);
        Assert.Equal("environment", configuration["C"]);
        Assert.Equal("command-line", configuration["D"]);
    }

    [Fact]
    public void Nothing_happens_when_the_variable_is_not_set()
    {
        var configuration = new ConfigurationManager();
        int before = ((IConfigurationBuilder)configuration).Sources.Count;
        SettingsFile.Add(configuration, null);
        SettingsFile.Add(configuration, "");
        Assert.Equal(before, ((IConfigurationBuilder)configuration).Sources.Count);
    }

    [Fact]
    public void A_missing_file_fails_with_a_message_naming_it()
    {
        string missing = Path.Combine(_folder, "nope.json");
        var exception = Assert.Throws<SettingsFileException>(() => SettingsFile.Add(new ConfigurationManager(), missing));
        Assert.Contains(missing, exception.Message, StringComparison.Ordinal);
        Assert.Contains("ATMO_EDGE_SETTINGS", exception.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_json_fails_with_a_message_naming_it()
    {
        string broken = Write("broken.json", "{ this is not json");
        var exception = Assert.Throws<SettingsFileException>(() => SettingsFile.Add(new ConfigurationManager(), broken));
        Assert.Contains(broken, exception.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_is_not_a_settings_file()
    {
        var exception = Assert.Throws<SettingsFileException>(() => SettingsFile.Add(new ConfigurationManager(), _folder));
        Assert.Contains(_folder, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subcommands_read_it_too_and_refuse_a_missing_one()
    {
        string settings = Write("site.json", $$$"""{"Storage":{"Path":"{{{_folder}}}/from-settings.db"},"Cloud":{"ApiKey":"settings-secret-123"}}""");

        (int exit, string output, _) = await RunInstalledStyleAsync(settings, "diagnose");
        Assert.Equal(0, exit);
        Assert.Contains($"Storage:Path = {_folder}/from-settings.db", output, StringComparison.Ordinal);
        Assert.Contains("Cloud:ApiKey = *** (19 characters)", output, StringComparison.Ordinal);

        string missing = Path.Combine(_folder, "missing.json");
        (exit, _, string error) = await RunInstalledStyleAsync(missing, "diagnose");
        Assert.Equal(1, exit);
        Assert.Contains($"atmo-edge: cannot start: ATMO_EDGE_SETTINGS names {missing}, which does not exist", error, StringComparison.Ordinal);
    }

    /// <summary>The real binary as a child process, so the variable is set for it alone.</summary>
    private static async Task<(int Exit, string Output, string Error)> RunInstalledStyleAsync(string settings, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "atmo-edge.dll"));
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["ATMO_EDGE_SETTINGS"] = settings;
        using System.Diagnostics.Process process = System.Diagnostics.Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("ATMO_SETTINGS_TEST_C", null);
        Directory.Delete(_folder, recursive: true);
    }
}
