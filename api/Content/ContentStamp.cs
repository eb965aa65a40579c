using System.Security.Cryptography;
using System.Text;

namespace ELearning.Api.Content;

/// <summary>
/// Remembers that a content folder passed validation, so that starting again on the same content with the same
/// build skips the JSON Schema pass (the slow part of a start: NJsonSchema's load and first run). The stamp is a
/// SHA-256 over every file's relative path and bytes and over this build's module id (a new build may check new
/// rules), so any change to the content, or a new build, validates in full again: invalid content is always
/// refused. Writing the stamp is best effort: a read-only folder validates on every start, as before.
/// </summary>
public sealed class ContentStamp(string path)
{
    public static string Hash(string root)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(typeof(ContentStamp).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith('.'))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(root, file));
            hash.AppendData(Encoding.UTF8.GetBytes($"{file}\n{bytes.Length}\n"));
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public bool Matches(string hash)
    {
        try { return File.Exists(path) && File.ReadAllText(path).Trim() == hash; }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    public void Record(string hash)
    {
        try { File.WriteAllText(path, hash + "\n"); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
