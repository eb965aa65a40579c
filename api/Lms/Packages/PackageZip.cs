using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace ELearning.Api.Lms.Packages;

public static class PackageZip
{
    static readonly DateTimeOffset Fixed = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Writes the files at the root of a ZIP, in the order given, with a fixed timestamp so the same course and
    /// settings always give byte-identical packages (LMSs that compare uploads see no spurious change).
    /// </summary>
    public static byte[] Build(IEnumerable<(string Path, byte[] Content)> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (path, content) in files)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = Fixed;
                using var stream = entry.Open();
                stream.Write(content);
            }
        return buffer.ToArray();
    }

    public static byte[] Xml(XDocument document)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
            document.Save(writer);
        return buffer.ToArray();
    }

    public static byte[] Text(string text) => new UTF8Encoding(false).GetBytes(text);
}
