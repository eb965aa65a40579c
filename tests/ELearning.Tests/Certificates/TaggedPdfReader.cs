using System.Diagnostics;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Tokens;

namespace ELearning.Tests.Certificates;

/// <summary>A structure element as an assistive technology meets it: its type, attributes and text in reading order.</summary>
/// <remarks><see cref="Text"/> is what is read (an element's ActualText replaces its content); <see cref="Drawn"/> is the text its glyphs map to.</remarks>
public sealed record StructNode(string Type, IReadOnlyList<StructNode> Kids, string Text, string? Alt, string? Lang, string? ActualText,
    IReadOnlyDictionary<string, string> Attributes, string Drawn = "")
{
    public IEnumerable<StructNode> Descendants() => Kids.SelectMany(k => k.Descendants().Prepend(k));
    public override string ToString() => $"{Type} \"{Text}\"";
}

/// <summary>
/// Reads a PDF's logical structure with PdfPig, independently of the writer, and makes the machine checks a
/// PDF/UA-1 validator (veraPDF, PAC) makes where they can be made without one: the catalog's MarkInfo, Lang,
/// DisplayDocTitle and XMP identification; every mark on every page either tagged content or an artifact,
/// never nested; every MCID in the parent tree, pointing to the element whose content it is; standard
/// structure types, figures with Alt, header cells with a scope, regular tables, headings that start at H1
/// and skip no level; every font embedded with a ToUnicode map.
/// </summary>
public sealed class TaggedPdfReader
{
    static readonly HashSet<string> StandardTypes =
    [
        "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index", "NonStruct", "Private",
        "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot",
        "Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP",
        "Figure", "Formula", "Form",
    ];

    readonly PdfDocument document;
    readonly List<long> pageObjects;
    readonly Dictionary<(int Page, int Mcid), string> markedText = [];
    readonly HashSet<(int Page, int Mcid)> claimed = [];

    public List<string> Problems { get; } = [];
    public StructNode Root { get; }
    public DictionaryToken Catalog { get; }
    public string Xmp { get; }

    public TaggedPdfReader(PdfDocument document)
    {
        this.document = document;
        Catalog = document.Structure.Catalog.CatalogDictionary;
        var pages = Dict(Catalog, "Pages")!;
        pageObjects = [.. ((ArrayToken)Resolve(pages.Data["Kids"])!).Data.Select(k => ((IndirectReferenceToken)k).Data.ObjectNumber)];
        Xmp = Catalog.Data.TryGetValue("Metadata", out var metadata) && Resolve(metadata) is StreamToken stream
            ? Encoding.UTF8.GetString(stream.Data.ToArray()) : "";
        CheckCatalog();
        foreach (var page in document.GetPages()) ReadPage(page);
        var root = Dict(Catalog, "StructTreeRoot");
        if (root is null)
        {
            Problems.Add("no StructTreeRoot");
            Root = new("StructTreeRoot", [], "", null, null, null, new Dictionary<string, string>());
            return;
        }
        var rootObject = ((IndirectReferenceToken)Catalog.Data["StructTreeRoot"]).Data.ObjectNumber;
        var kids = Kids(root).Select(k => Element((IndirectReferenceToken)k, rootObject)).ToList();
        Root = new("StructTreeRoot", kids, string.Concat(kids.Select(k => k.Text)), null, null, null, new Dictionary<string, string>());
        CheckParentTree(root);
        foreach (var unclaimed in markedText.Keys.Except(claimed)) Problems.Add($"page {unclaimed.Page + 1} MCID {unclaimed.Mcid} belongs to no structure element");
        CheckHeadings();
        CheckTables();
    }

    void CheckCatalog()
    {
        if (Dict(Catalog, "MarkInfo") is not { } mark || !(mark.Data.TryGetValue("Marked", out var marked) && marked is BooleanToken { Data: true }))
            Problems.Add("MarkInfo /Marked is not true");
        if (Str(Catalog, "Lang") is not { Length: > 0 }) Problems.Add("the catalog has no /Lang");
        if (Dict(Catalog, "ViewerPreferences") is not { } prefs || !(prefs.Data.TryGetValue("DisplayDocTitle", out var display) && display is BooleanToken { Data: true }))
            Problems.Add("ViewerPreferences /DisplayDocTitle is not true");
        if (!Xmp.Contains("<pdfuaid:part>1</pdfuaid:part>")) Problems.Add("the XMP metadata does not say pdfuaid:part 1");
        if (!Xmp.Contains("<dc:title>")) Problems.Add("the XMP metadata has no dc:title");
    }

    void ReadPage(Page page)
    {
        var index = page.Number - 1;
        if (!page.Dictionary.Data.ContainsKey("StructParents")) Problems.Add($"page {page.Number} has no /StructParents");
        var letters = 0;
        var paths = 0;
        void Walk(MarkedContentElement element, bool inside)
        {
            var tagged = element.MarkedContentIdentifier >= 0;
            if ((tagged || element.IsArtifact) && inside) Problems.Add($"page {page.Number}: marked content nested in tagged content or an artifact");
            if (tagged)
            {
                var key = (index, element.MarkedContentIdentifier);
                if (!markedText.TryAdd(key, string.Concat(element.Letters.Select(l => l.Value)))) Problems.Add($"page {page.Number}: MCID {key.Item2} used twice");
            }
            if (tagged || element.IsArtifact)
            {
                letters += element.Letters.Count;
                paths += element.Paths.Count;
            }
            foreach (var child in element.Children) Walk(child, inside || tagged || element.IsArtifact);
        }
        foreach (var element in page.GetMarkedContents()) Walk(element, inside: false);
        if (letters != page.Letters.Count) Problems.Add($"page {page.Number}: {page.Letters.Count - letters} letters are neither tagged nor artifacts");
        if (paths != page.Paths.Count) Problems.Add($"page {page.Number}: {page.Paths.Count - paths} paths are neither tagged nor artifacts");

        var fonts = Dict(Dict(page.Dictionary, "Resources")!, "Font");
        foreach (var font in fonts?.Data.Values.Select(f => (DictionaryToken)Resolve(f)!) ?? [])
        {
            var name = (font.Data["BaseFont"] as NameToken)?.Data;
            if (!font.Data.ContainsKey("ToUnicode")) Problems.Add($"font {name} has no ToUnicode map");
            var descendant = (DictionaryToken)Resolve(((ArrayToken)Resolve(font.Data["DescendantFonts"])!).Data[0])!;
            if (Dict(descendant, "FontDescriptor") is not { } descriptor || !descriptor.Data.ContainsKey("FontFile2")) Problems.Add($"font {name} is not embedded");
        }
    }

    StructNode Element(IndirectReferenceToken reference, long parentObject)
    {
        var element = (DictionaryToken)Resolve(reference)!;
        var type = ((NameToken)element.Data["S"]).Data;
        if (!(element.Data.TryGetValue("P", out var p) && p is IndirectReferenceToken parent && parent.Data.ObjectNumber == parentObject))
            Problems.Add($"{type}: /P does not point to the element that holds it");
        if (!StandardTypes.Contains(type)) Problems.Add($"{type} is not a standard structure type (and there is no role map)");
        var defaultPage = element.Data.TryGetValue("Pg", out var pg) ? pageObjects.IndexOf(((IndirectReferenceToken)pg).Data.ObjectNumber) : -1;
        var kids = new List<StructNode>();
        var text = new StringBuilder();
        var drawn = new StringBuilder();
        foreach (var kid in Kids(element))
        {
            var content = kid switch
            {
                NumericToken mcid => Claim(defaultPage, mcid.Int, type),
                DictionaryToken mcr when mcr.Data.ContainsKey("MCID") =>
                    Claim(pageObjects.IndexOf(((IndirectReferenceToken)mcr.Data["Pg"]).Data.ObjectNumber), ((NumericToken)mcr.Data["MCID"]).Int, type),
                _ => null,
            };
            if (content is not null) { text.Append(content); drawn.Append(content); }
            else if (kid is IndirectReferenceToken child)
            {
                var node = Element(child, reference.Data.ObjectNumber);
                kids.Add(node);
                text.Append(node.Text);
                drawn.Append(node.Drawn);
            }
        }
        var attributes = new Dictionary<string, string>();
        foreach (var owner in element.Data.TryGetValue("A", out var a) ? (Resolve(a) is ArrayToken list ? list.Data.Select(Resolve) : [Resolve(a)]) : [])
            foreach (var (key, value) in ((DictionaryToken)owner!).Data) attributes[key] = value is NameToken n ? n.Data : value.ToString() ?? "";
        var alt = Str(element, "Alt");
        var actual = Str(element, "ActualText");
        if (type == "Figure" && string.IsNullOrWhiteSpace(alt)) Problems.Add("a Figure has no Alt");
        if (type == "TH" && !attributes.ContainsKey("Scope")) Problems.Add($"TH \"{text}\" has no Scope");
        return new(type, kids, actual ?? text.ToString(), alt, Str(element, "Lang"), actual, attributes, drawn.ToString());
    }

    string Claim(int page, int mcid, string type)
    {
        if (page < 0) { Problems.Add($"{type}: MCID {mcid} with no page"); return ""; }
        if (!markedText.TryGetValue((page, mcid), out var text)) { Problems.Add($"{type}: page {page + 1} has no MCID {mcid}"); return ""; }
        if (!claimed.Add((page, mcid))) Problems.Add($"page {page + 1} MCID {mcid} claimed twice");
        return text;
    }

    void CheckParentTree(DictionaryToken root)
    {
        var tree = Dict(root, "ParentTree");
        var nums = tree is null ? [] : ((ArrayToken)Resolve(tree.Data["Nums"])!).Data;
        var entries = new Dictionary<int, IReadOnlyList<IToken>>();
        for (var i = 0; i + 1 < nums.Count; i += 2) entries[((NumericToken)nums[i]).Int] = ((ArrayToken)Resolve(nums[i + 1])!).Data;
        foreach (var page in document.GetPages())
        {
            if (!page.Dictionary.Data.TryGetValue("StructParents", out var key) || !entries.TryGetValue(((NumericToken)key).Int, out var parents))
            {
                Problems.Add($"page {page.Number} has no parent tree entry");
                continue;
            }
            var index = page.Number - 1;
            foreach (var ((p, mcid), _) in markedText.Where(m => m.Key.Page == index))
            {
                if (mcid >= parents.Count || Resolve(parents[mcid]) is not DictionaryToken parent) { Problems.Add($"page {page.Number} MCID {mcid} is not in the parent tree"); continue; }
                var owns = Kids(parent).Any(k => k is NumericToken n && n.Int == mcid && PageOf(parent) == p
                    || k is DictionaryToken d && d.Data.TryGetValue("MCID", out var m) && ((NumericToken)m).Int == mcid
                       && pageObjects.IndexOf(((IndirectReferenceToken)d.Data["Pg"]).Data.ObjectNumber) == p);
                if (!owns) Problems.Add($"page {page.Number} MCID {mcid}: the parent tree names an element that does not hold it");
            }
        }
    }

    int PageOf(DictionaryToken element) => element.Data.TryGetValue("Pg", out var pg) ? pageObjects.IndexOf(((IndirectReferenceToken)pg).Data.ObjectNumber) : -1;

    void CheckHeadings()
    {
        var levels = Root.Descendants().Where(n => n.Type is ['H', >= '1' and <= '6']).Select(n => n.Type[1] - '0').ToList();
        if (levels.Count > 0 && levels[0] != 1) Problems.Add($"the first heading is H{levels[0]}, not H1");
        for (var i = 1; i < levels.Count; i++)
            if (levels[i] > levels[i - 1] + 1) Problems.Add($"a heading skips from H{levels[i - 1]} to H{levels[i]}");
    }

    void CheckTables()
    {
        foreach (var table in Root.Descendants().Where(n => n.Type == "Table"))
        {
            var widths = table.Descendants().Where(n => n.Type == "TR").Select(r => r.Kids.Count(c => c.Type is "TH" or "TD")).Distinct().ToList();
            if (widths.Count != 1) Problems.Add($"a table's rows have {string.Join(", ", widths)} cells");
        }
    }

    IEnumerable<IToken> Kids(DictionaryToken element) => !element.Data.TryGetValue("K", out var k) ? [] : Resolve(k) is ArrayToken array ? array.Data : [k];

    IToken? Resolve(IToken token) => token is IndirectReferenceToken r ? document.Structure.GetObject(r.Data).Data : token;

    DictionaryToken? Dict(DictionaryToken parent, string key) => parent.Data.TryGetValue(key, out var t) ? Resolve(t) as DictionaryToken : null;

    string? Str(DictionaryToken parent, string key) => parent.Data.TryGetValue(key, out var t)
        ? Resolve(t) switch { StringToken s => s.Data, HexToken h => h.Data, _ => null } : null;

    /// <summary>poppler's reading of the structure (<c>pdfinfo -struct-text</c>): each element that holds text, as "Type: text", in order.</summary>
    public static IReadOnlyList<string> PopplerStructText(string pdfPath)
    {
        var start = new ProcessStartInfo("pdfinfo", ["-struct-text", pdfPath]) { RedirectStandardOutput = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pdfinfo did not start (install poppler-utils).");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var items = new List<string>();
        var element = "";
        foreach (var line in output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            if (line.StartsWith('"')) items.Add($"{element}: {line.Trim('"')}");
            else if (!line.StartsWith('/')) element = line.Split(' ', ':')[0];
        }
        return items;
    }
}
