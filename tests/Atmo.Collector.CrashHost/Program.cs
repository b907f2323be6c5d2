using Atmo.Collector.Hosting;
using Atmo.Core;
using Atmo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Runs the collector on a store file until killed. Arguments: BUS_ADDRESS DB_PATH, then any Key=Value settings.
// Every log line goes to stdout, so the test sees "batch N: …" the moment a batch is committed.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Atmo.Collector.CrashHost BUS_ADDRESS DB_PATH [Key=Value …]");
    return 2;
}

var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration["Ble:BusAddress"] = args[0];
builder.Configuration.AddInMemoryCollection(args.Skip(2).Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1]));
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Debug);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => new LiteDbMinuteStore(new StorageOptions { Path = args[1] }, TimeProvider.System, sp.GetRequiredService<ILogger<LiteDbMinuteStore>>()));
builder.Services.AddSingleton<IMinuteStore>(sp => sp.GetRequiredService<LiteDbMinuteStore>());
builder.Services.AddCollector(builder.Configuration);
using IHost host = builder.Build();
await host.RunAsync();
return 0;
