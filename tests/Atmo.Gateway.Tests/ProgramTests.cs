using System.Net;
using Atmo.Core;
using Atmo.Core.Plausibility;
using Atmo.Core.TimeBase;
using Atmo.Gateway.Api;
using Atmo.Gateway.Tests.TestSupport;
using Atmo.Storage;
using Atmo.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atmo.Gateway.Tests;

public sealed class ProgramTests
{
    [Fact]
    public async Task A_developer_run_listens_on_loopback_5080_unless_urls_says_otherwise()
    {
        await using WebApplication defaults = GatewayApp.Build([]);
        await using WebApplication overridden = GatewayApp.Build(["--urls", "http://0.0.0.0:6000"]);

        Assert.Equal("http://127.0.0.1:5080", defaults.Configuration["urls"]);
        Assert.Equal("http://0.0.0.0:6000", overridden.Configuration["urls"]);
    }

    [Fact]
    public async Task Registers_the_litedb_store_behind_the_plausibility_gate_as_the_one_minute_store()
    {
        string folder = Directory.CreateTempSubdirectory("atmo-gateway-").FullName;
        await using WebApplication app = GatewayApp.Build([$"--Storage:Path={folder}/a.db"]);

        var gate = Assert.IsType<PlausibleMinuteStore>(app.Services.GetRequiredService<IMinuteStore>());
        LiteDbMinuteStore file = Assert.IsType<LiteDbMinuteStore>(gate.Inner);
        Assert.Same(file, app.Services.GetRequiredService<IHistoryQuarantine>());
        Assert.Same(file, app.Services.GetRequiredService<IClockEvidence>());
        Assert.Same(app.Services.GetRequiredService<IMinuteStore>(), app.Services.GetRequiredService<IMinuteStore>());
        Assert.Same(TimeProvider.System, app.Services.GetRequiredService<TimeProvider>());
        Assert.Equal($"{folder}/a.db", app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Path);
    }

    [Fact]
    public async Task Starts_and_serves_stored_data_without_bluetooth()
    {
        // No D-Bus, no adapter: the daemon still starts and answers from the store.
        await using GatewayServer server = await GatewayServer.StartAsync(new InMemoryMinuteStore(TestData.All()));

        (int total, _) = await HttpAssert.ItemsAsync(await server.GetDataAsync("mac=11:22:33:44:55:66"));

        Assert.Equal(2, total);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Without_a_configured_key_a_key_file_is_generated_beside_the_database_mode_0600_and_only_its_path_is_logged()
    {
        await using GatewayServer server = await GatewayServer.StartAsync(new InMemoryMinuteStore(TestData.All()), withKeys: false);
        string keyFile = Path.Combine(server.Folder, "api-key");

        string key = File.ReadAllLines(keyFile).Single(l => !l.StartsWith('#'));
        Assert.Equal(40, key.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Contains(server.Logs.GetSnapshot(), e => e.Level == LogLevel.Warning && e.Message.Contains(keyFile, StringComparison.Ordinal));
        Assert.DoesNotContain(key, server.Logs.AllText(), StringComparison.Ordinal);
        (int total, _) = await HttpAssert.ItemsAsync(await server.GetRawAsync($"api_key={key}&mac=11:22:33:44:55:66"));
        Assert.Equal(2, total);
        await HttpAssert.ErrorAsync(await server.GetDataAsync("mac=11:22:33:44:55:66"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_generated_key_is_kept_across_restarts_and_configured_keys_are_accepted_beside_it()
    {
        string folder = Directory.CreateTempSubdirectory("atmo-gateway-").FullName;
        string keyFile = Path.Combine(folder, "keys.txt");
        string[] args = [$"--Api:KeyFile={keyFile}"];
        await using (GatewayServer first = await GatewayServer.StartAsync(withKeys: false, configuration: args))
        {
        }

        string key = File.ReadAllLines(keyFile).Single(l => !l.StartsWith('#'));
        await using GatewayServer second = await GatewayServer.StartAsync(withKeys: true, configuration: args);

        await HttpAssert.ItemsAsync(await second.GetRawAsync($"api_key={key}&mac=11:22:33:44:55:66"));
        await HttpAssert.ItemsAsync(await second.GetDataAsync("mac=11:22:33:44:55:66"));
        Assert.Equal(key, File.ReadAllLines(keyFile).Single(l => !l.StartsWith('#')));
    }

    [Fact]
    public async Task Configured_keys_need_no_key_file()
    {
        await using GatewayServer server = await GatewayServer.StartAsync(withKeys: true);

        Assert.False(File.Exists(Path.Combine(server.Folder, "api-key")));
    }

    [Theory]
    [InlineData("--Storage:RetentionDays=-1", "Storage:RetentionDays is -1; give 0 to keep every minute forever, or the days to keep, from 1 to 36500")]
    [InlineData("--Storage:Path= ", "Storage:Path is empty; give the database file, e.g. --Storage:Path=/var/lib/atmo-edge/atmo-edge.db")]
    [InlineData("--Storage:Path=/tmp", "Storage:Path '/tmp' is a folder; give the database file inside it, e.g. /tmp/atmo-edge.db")]
    [InlineData("--Api:RateLimitPerMinute=0", "Api:RateLimitPerMinute is 0; give the requests allowed per minute per key, from 1 to 1000000 (default 60)")]
    [InlineData("--Api:Keys:2=short", "Api:Keys:2 is shorter than 8 characters; use a longer key (e.g. the output of: openssl rand -hex 20)")]
    [InlineData("--Api:KeyFile=/tmp", "Api:KeyFile '/tmp' is a folder; give the path of a file, e.g. /tmp/api-key")]
    [InlineData("--Api:LimitWithDates=always", "Api:LimitWithDates is 'always'; give cloud (default: a limit up to 1440 is ignored with dates, a larger one is a page size), apply (the limit always applies) or ignore (the limit never applies with dates); see docs/api-contract.md")]
    public async Task A_bad_configuration_fails_start_with_a_message_naming_the_setting(string setting, string expected)
    {
        string folder = Directory.CreateTempSubdirectory("atmo-gateway-").FullName;
        await using WebApplication app = GatewayApp.Build(
            ["--urls=http://127.0.0.1:0", $"--Storage:Path={folder}/a.db", "--Api:Keys:0=good-key-0001", setting],
            services => services.AddSingleton<IMinuteStore>(new InMemoryMinuteStore()));

        OptionsValidationException exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, exception.Failures);
        Assert.DoesNotContain("short", exception.Message.Replace("shorter", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_configuration_writes_no_key_file()
    {
        string folder = Directory.CreateTempSubdirectory("atmo-gateway-").FullName;
        await using WebApplication app = GatewayApp.Build(
            ["--urls=http://127.0.0.1:0", $"--Storage:Path={folder}/a.db", "--Storage:RetentionDays=-1"],
            services => services.AddSingleton<IMinuteStore>(new InMemoryMinuteStore()));

        await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.False(File.Exists(Path.Combine(folder, "api-key")));
    }

    [Fact]
    public async Task A_key_file_that_cannot_be_created_fails_start_with_what_to_do()
    {
        string folder = Directory.CreateTempSubdirectory("atmo-gateway-").FullName;
        string notAFolder = Path.Combine(folder, "plain-file");
        await File.WriteAllTextAsync(notAFolder, "");
        await using WebApplication app = GatewayApp.Build(
            ["--urls=http://127.0.0.1:0", $"--Storage:Path={folder}/a.db", $"--Api:KeyFile={notAFolder}/api-key"],
            services => services.AddSingleton<IMinuteStore>(new InMemoryMinuteStore()));

        InvalidOperationException exception = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.StartsWith($"No API key is configured and the key file '{notAFolder}/api-key' cannot be created (", exception.Message, StringComparison.Ordinal);
        Assert.EndsWith("give a key with --Api:Keys:0=..., or point Api:KeyFile at a writable place.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_key_file_without_configured_keys_fails_start_with_what_to_do()
    {
        string folder = Directory.CreateTempSubdirectory("atmo-gateway-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "api-key"), "# nothing here\n\n");
        await using WebApplication app = GatewayApp.Build(
            ["--urls=http://127.0.0.1:0", $"--Storage:Path={folder}/a.db"],
            services => services.AddSingleton<IMinuteStore>(new InMemoryMinuteStore()));

        InvalidOperationException exception = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Equal(
            $"The API key file '{folder}/api-key' holds no key and Api:Keys is empty: put one key per line in the file, or delete it and restart to have one generated.",
            exception.Message);
    }

    [Fact]
    public async Task Configuration_comes_from_environment_variables_too()
    {
        // A setting every parallel test either overrides on its command line or accepts at any valid value.
        Environment.SetEnvironmentVariable("Api__RateLimitPerMinute", "77");
        try
        {
            await using WebApplication app = GatewayApp.Build([]);
            Assert.Equal(77, app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.RateLimitPerMinute);
            await using WebApplication overridden = GatewayApp.Build(["--Api:RateLimitPerMinute=5"]);
            Assert.Equal(5, overridden.Services.GetRequiredService<IOptions<ApiOptions>>().Value.RateLimitPerMinute);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Api__RateLimitPerMinute", null);
        }
    }

    [Fact]
    public async Task The_daemon_registers_its_background_services()
    {
        await using WebApplication app = GatewayApp.Build([]);

        string[] hosted = app.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToArray();

        Assert.Contains("RetentionService", hosted);
        Assert.Contains("ApiKeyStartup", hosted);
    }
}
