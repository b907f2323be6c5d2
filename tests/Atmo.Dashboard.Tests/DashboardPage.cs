using System.Globalization;
using Microsoft.Playwright;

namespace Atmo.Dashboard.Tests;

/// <summary>
/// The dashboard in a fresh browser context (empty storage and cache) at a given width, in a time zone
/// other than UTC so local and UTC times differ. Records console errors, page errors and every URL asked for.
/// </summary>
internal sealed class DashboardPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private DashboardPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) => { if (message.Type == "error") Errors.Add("console: " + message.Text); };
        page.PageError += (_, error) => Errors.Add("page: " + error);
        page.Request += (_, request) => Requests.Add(request.Url);
    }

    public IPage Page { get; }
    public List<string> Errors { get; } = [];
    public List<string> Requests { get; } = [];

    public static async Task<DashboardPage> OpenAsync(DashboardFixture fixture, int width = 1440, int height = 900)
    {
        IBrowserContext context = await fixture.Chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.Gateway.Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = "Europe/Berlin",
            Locale = "en-GB",
            AcceptDownloads = true,
        });
        var page = new DashboardPage(context, await context.NewPageAsync());
        await page.Page.GotoAsync("/");
        return page;
    }

    public Task EnterKeyAsync(string key) => EnterKeyAsync(Page, key);

    public static async Task EnterKeyAsync(IPage page, string key)
    {
        await page.FillAsync("#key-input", key);
        await page.ClickAsync("#key-submit");
    }

    /// <summary>Enters the right key and waits for every card.</summary>
    public async Task OpenDashboardAsync(int devices)
    {
        await EnterKeyAsync(GatewayUnderTest.Key);
        await Assertions.Expect(Page.Locator("#device-cards > li")).ToHaveCountAsync(devices);
    }

    /// <summary>Shows the charts of one device over whole UTC days and waits until they are drawn.</summary>
    public async Task ShowRangeAsync(string mac, DateOnly from, DateOnly to)
    {
        await Page.SelectOptionAsync("#chart-device", mac);
        await Page.FillAsync("#range-from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Page.FillAsync("#range-to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Page.CheckAsync("input[name=window][value=range]");
        await Page.ClickAsync("#chart-show");
        string fromSeconds = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        await Page.Locator($"#charts-section[data-state=ready][data-mac='{mac}'][data-from='{fromSeconds}']")
            .WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
