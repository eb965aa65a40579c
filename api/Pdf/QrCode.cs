using QRCoder;

namespace ELearning.Api.Pdf;

/// <summary>
/// A QR code drawn as vector rectangles: crisp at any zoom or print size and a few hundred bytes in the PDF,
/// where a bitmap would be blurry or large. Error correction M survives a crease or a smudge. Dark modules
/// next to each other in a row are one rectangle, which keeps the path short and leaves no seams between them.
/// </summary>
public static class QrCode
{
    public static void Draw(PdfPage page, string text, float x, float y, float size, Colour colour)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        // ModuleMatrix includes QRCoder's four-module quiet zone; the caller leaves white space around it anyway.
        var matrix = data.ModuleMatrix;
        var cell = size / matrix.Count;
        var rectangles = new List<(float, float, float, float)>();
        for (var row = 0; row < matrix.Count; row++)
        {
            for (var column = 0; column < matrix[row].Count; column++)
            {
                if (!matrix[row][column]) continue;
                var start = column;
                while (column + 1 < matrix[row].Count && matrix[row][column + 1]) column++;
                rectangles.Add((x + start * cell, y + row * cell, (column - start + 1) * cell, cell));
            }
        }
        page.Rectangles(rectangles, colour);
    }
}
