namespace ELearning.Tests.Support;

/// <summary>
/// The one set of settings every test app runs with, in-process (<see cref="ELearningApp"/>) or as its own process
/// (<see cref="ApiProcess"/>): its own folder for the SQLite file and the certificate signing key, the fixture course
/// whose scores the tests know, a known admin key and rate limits no ordinary test reaches. A test adds or overrides keys on top.
/// </summary>
public static class TestSettings
{
    public const string AdminKey = "test-admin-key-0123456789-abcdefghij";
    public static string FixtureContent => Path.Combine(AppContext.BaseDirectory, "Fixtures", "content");
    public static string RealContent => Path.Combine(AppContext.BaseDirectory, "content");

    public static readonly string[] RateLimitDoors = ["SignInsPerMinute", "JoinsPerMinute", "AnswersPerMinute", "VerificationsPerMinute", "LmsLaunchesPerMinute"];

    public static string DatabasePath(string folder) => Path.Combine(folder, "elearning.db");

    public static Dictionary<string, string?> For(string folder, string? contentRoot = null, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:ELearning"] = $"Data Source={DatabasePath(folder)}",
            ["Content:Root"] = contentRoot ?? FixtureContent,
            ["Admin:ApiKey"] = AdminKey,
            // Each app signs certificates with its own key, kept beside its database.
            ["Certificates:SigningKeyPath"] = Path.Combine(folder, "signing-key.pem"),
            // No collection of the whole test process a few seconds after each app's start.
            ["App:ReleaseStartupMemoryAfterSeconds"] = "0",
        };
        // Tests sign in, join and answer far faster than people do: only the rate-limit tests set low limits.
        foreach (var door in RateLimitDoors) settings[$"RateLimits:{door}"] = "1000000";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        return settings;
    }
}
