using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using QRCoder;

namespace ELearning.Api.Workshops;

/// <summary>
/// The join link as a QR code in SVG, for the projector: one path of unit squares in a viewBox, so it is sharp at
/// any size, with a title naming the code for screen readers. Error correction M survives a dim projector.
/// </summary>
public static class JoinQrCode
{
    public static string Svg(string text, string title)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix; // includes QRCoder's four-module quiet zone
        var path = new StringBuilder();
        for (var row = 0; row < matrix.Count; row++)
            for (var column = 0; column < matrix[row].Count; column++)
                if (matrix[row][column]) path.Append(CultureInfo.InvariantCulture, $"M{column} {row}h1v1h-1z");
        var size = matrix.Count;
        var safeTitle = System.Net.WebUtility.HtmlEncode(title);
        return $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" aria-labelledby="qr-title" shape-rendering="crispEdges"><title id="qr-title">{safeTitle}</title><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>""";
    }

    public static async Task<IResult> GetAsync(Guid workshopId, ClaimsPrincipal user, WorkshopStore workshops, IOptions<AppOptions> app, CancellationToken ct)
    {
        if (await WorkshopEndpoints.OwnAsync(workshopId, user, workshops, ct) is not { } w) return WorkshopEndpoints.NoSuchWorkshop(workshopId);
        var svg = Svg(WorkshopEndpoints.JoinUrl(app.Value, w.JoinCode), $"QR code to join the workshop, code {JoinCodes.Display(w.JoinCode)}");
        return Results.Text(svg, "image/svg+xml", Encoding.UTF8);
    }
}
