using System.Text.Json;
using Microsoft.Playwright;

namespace ELearning.Tests.Player;

/// <summary>axe-core (course/node_modules, installed from the lockfile) run inside a page.</summary>
public static class Axe
{
    public static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    static readonly Lazy<string> Source = new(() => File.ReadAllText(Path.Combine(Repo.Root, "course", "node_modules", "axe-core", "axe.min.js")));

    public sealed record Violation(string Id, string Impact, string Help, IReadOnlyList<string> Targets);

    /// <summary>The violations of the WCAG 2.0/2.1/2.2 A and AA rules on the page as it is now.</summary>
    public static Task<IReadOnlyList<Violation>> RunAsync(IPage page) => RunAsync(page.MainFrame);

    /// <summary>The same, in one frame (e.g. the player framed by an LMS's SCO).</summary>
    public static async Task<IReadOnlyList<Violation>> RunAsync(IFrame page)
    {
        // Evaluated through the DevTools protocol, so the player's CSP (no inline script) stays on.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.EvaluateAsync(Source.Value);
        var violations = await page.EvaluateAsync<JsonElement>(
            """
            async tags => (await axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations
              .map(v => ({ id: v.id, impact: v.impact || '', help: v.help, targets: v.nodes.map(n => n.target.join(' ')) }))
            """, Tags);
        return [.. violations.EnumerateArray().Select(v => new Violation(
            v.GetProperty("id").GetString()!, v.GetProperty("impact").GetString()!, v.GetProperty("help").GetString()!,
            [.. v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()!)]))];
    }
}
