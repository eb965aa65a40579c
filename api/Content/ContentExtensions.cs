namespace ELearning.Api.Content;

public sealed class ContentOptions
{
    /// <summary>Content:Root: the folder holding course/ and scenarios/. Defaults to the copy shipped beside the binaries.</summary>
    public string? Root { get; set; }
}

public static class ContentExtensions
{
    /// <summary>Loads and validates the content once; invalid content stops the start with every error listed.</summary>
    public static WebApplicationBuilder AddContent(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ContentOptions>().BindConfiguration("Content").ValidateOnStart();
        // Read here, at composition, not through IOptions: the catalog is loaded before the app is built, so that
        // invalid content stops the start naming file and field.
        var configured = builder.Configuration.GetSection("Content").Get<ContentOptions>()?.Root is { Length: > 0 } path
            ? Path.GetFullPath(path, builder.Environment.ContentRootPath)
            : null;
        var root = configured ?? Path.Combine(AppContext.BaseDirectory, "content");
        // The copy shipped beside the binaries changes only with a new build or publish: validated once, then
        // remembered by its hash. A configured root is content being written, so it is checked in full every start.
        var stamp = configured is null ? new ContentStamp(Path.Combine(root, ".validated")) : null;
        builder.Services.AddSingleton(ContentLoader.Load(root, stamp));
        return builder;
    }
}
