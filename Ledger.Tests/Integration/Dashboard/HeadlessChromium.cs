using PuppeteerSharp;

namespace Ledger.Tests.Integration.Dashboard;

/// <summary>What a page ended up as: its DOM, and the errors and warnings it logged or threw (content-policy refusals among them).</summary>
public sealed record RenderedPage(string Dom, IReadOnlyList<string> Console);

/// <summary>
/// Debian's chromium (ops/setup installs it), headless, driven over the DevTools protocol by
/// PuppeteerSharp, which is never asked to download a browser. Pages run in real time, so a
/// script that polls every 2 s does so here too.
/// </summary>
public static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    /// <summary>Loads <paramref name="url"/> and waits until the JavaScript expression <paramref name="readyWhen"/> is true.</summary>
    public static async Task<RenderedPage> RenderAsync(Uri url, string readyWhen, TimeSpan timeout)
    {
        File.Exists(Executable).ShouldBeTrue($"{Executable} is missing: ops/setup installs it (apt-get install chromium)");
        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            // --no-sandbox: tests run as root, where chromium's sandbox refuses to start.
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions"],
        });
        await using var page = await browser.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, e) =>
        {
            // Errors and warnings only; the browser's own favicon.ico probe (a 404) is not the page's doing.
            if (e.Message.Type is ConsoleType.Error or ConsoleType.Warning && e.Message.Location?.URL?.EndsWith("/favicon.ico", StringComparison.Ordinal) != true)
            {
                console.Add($"{e.Message.Type}: {e.Message.Text} ({e.Message.Location?.URL})");
            }
        };
        page.PageError += (_, e) => console.Add($"error: {e.Message}");
        await page.GoToAsync(url.ToString());
        try
        {
            await page.WaitForFunctionAsync($"() => {readyWhen}", new WaitForFunctionOptions { Timeout = (int)timeout.TotalMilliseconds });
        }
        catch (WaitTaskTimeoutException)
        {
            throw new TimeoutException($"never true: {readyWhen}\nconsole: {string.Join('\n', console)}\nDOM: {await page.GetContentAsync()}");
        }

        return new RenderedPage(await page.GetContentAsync(), [.. console]);
    }
}
