namespace ELearning.Tests.Support;

/// <summary>Answers for the fixture course: the best answer to every node, and a known poor path.</summary>
public static class FixtureWalk
{
    public static readonly object Acknowledge = new { };

    /// <summary>The best path through fixture-ward-photo then fixture-second: 2 + 2 + 2 + 1 + 1 = 8 of 8.</summary>
    public static readonly (string Case, string Node, object Response)[] BestConfidentiality =
    [
        ("fixture-ward-photo", "n1", new { choices = new[] { "a" } }),
        ("fixture-ward-photo", "n2", new { choices = new[] { "x", "y" } }),
        ("fixture-ward-photo", "n3", new { selected = new[] { "s1", "s2" } }),
        ("fixture-ward-photo", "n4", new { value = false }),
        ("fixture-ward-photo", "n5", new { text = "I will ask my manager and use the trust's consent form." }),
        ("fixture-ward-photo", "end", Acknowledge),
        ("fixture-second", "q1", new { value = true }),
        ("fixture-second", "end", Acknowledge),
    ];

    /// <summary>A poor path: 0 + consequence + 1 (x and z) + 1 (s1) + 0 + 0 = 2 of 8.</summary>
    public static readonly (string Case, string Node, object Response)[] PoorConfidentiality =
    [
        ("fixture-ward-photo", "n1", new { choices = new[] { "b" } }),
        ("fixture-ward-photo", "c1", Acknowledge),
        ("fixture-ward-photo", "n2", new { choices = new[] { "x", "y", "z" } }),
        ("fixture-ward-photo", "n3", new { selected = new[] { "s1" } }),
        ("fixture-ward-photo", "n4", new { value = true }),
        ("fixture-ward-photo", "n5", new { text = "Think first." }),
        ("fixture-ward-photo", "end", Acknowledge),
        ("fixture-second", "q1", new { value = false }),
        ("fixture-second", "end", Acknowledge),
    ];
}
