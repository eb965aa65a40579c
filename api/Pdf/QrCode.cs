using QRCoder;
using SkiaSharp;

namespace ELearning.Api.Pdf;

/// <summary>
/// A QR code drawn as vector squares: crisp at any zoom or print size and a few hundred bytes in the PDF,
/// where a bitmap would be blurry or large. Error correction M survives a crease or a smudge.
/// </summary>
public static class QrCode
{
    public static void Draw(SKCanvas canvas, string text, float x, float y, float size, SKColor color)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        // ModuleMatrix includes QRCoder's four-module quiet zone; the caller leaves white space around it anyway.
        var matrix = data.ModuleMatrix;
        var cell = size / matrix.Count;
        using var builder = new SKPathBuilder();
        for (var row = 0; row < matrix.Count; row++)
            for (var column = 0; column < matrix[row].Count; column++)
                if (matrix[row][column])
                    builder.AddRect(SKRect.Create(x + column * cell, y + row * cell, cell, cell), SKPathDirection.Clockwise);
        using var paint = new SKPaint { Color = color, IsAntialias = false, Style = SKPaintStyle.Fill };
        using var path = builder.Detach();
        canvas.DrawPath(path, paint);
    }
}
