// A bare Kestrel app: one JSON route, nothing else. bench/startup.sh times it to its first 200 and reads its idle
// memory, as the floor the API's own figures are set against.
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => Results.Json(new { ok = true }));
app.Run();
