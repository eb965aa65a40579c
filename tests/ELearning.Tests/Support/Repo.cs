namespace ELearning.Tests.Support;

public static class Repo
{
    /// <summary>The repository root (where ELearning.sln is), found from the test binaries upwards.</summary>
    public static string Root { get; } = Find();

    /// <summary>artifacts/test-output at the repository root (gitignored): screenshots and reports for people to look at.</summary>
    public static string Output(params string[] parts)
    {
        var path = Path.Combine([Root, "artifacts", "test-output", .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ELearning.sln"))) return dir.FullName;
        throw new InvalidOperationException("ELearning.sln not found above " + AppContext.BaseDirectory);
    }
}
