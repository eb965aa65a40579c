namespace ELearning.Api.Content;

public sealed class ContentOptions
{
    /// <summary>Content:Root: the folder holding course/ and scenarios/. Defaults to the copy shipped beside the binaries.</summary>
    public string? Root { get; set; }
}

public static class ContentExtensions
{
    /// <summary>
    /// Loads and validates the content once, on another thread while the rest of the app is composed (reading it is the
    /// longest single step of a start); <see cref="ContentLoadedAsync"/> waits for it before the app serves, and invalid
    /// content stops the start there with every error listed.
    /// </summary>
    public static WebApplicationBuilder AddContent(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ContentOptions>().BindConfiguration("Content").ValidateOnStart();
        // Read here, at composition, not through IOptions: loading starts before the app is built.
        var configured = builder.Configuration.GetSection("Content").Get<ContentOptions>()?.Root is { Length: > 0 } path
            ? Path.GetFullPath(path, builder.Environment.ContentRootPath)
            : null;
        var root = configured ?? Path.Combine(AppContext.BaseDirectory, "content");
        // The copy shipped beside the binaries changes only with a new build or publish: validated once, then
        // remembered by its hash. A configured root is content being written, so it is checked in full every start.
        var stamp = configured is null ? new ContentStamp(Path.Combine(root, ".validated")) : null;
        var loading = new ContentLoading(Task.Run(() => ContentLoader.Load(root, stamp)));
        builder.Services.AddSingleton(loading);
        builder.Services.AddSingleton(_ => loading.Catalog);
        return builder;
    }

    /// <summary>The content, loaded and valid, before anything is served; invalid content throws its errors here.</summary>
    public static async Task ContentLoadedAsync(this WebApplication app) => await app.Services.GetRequiredService<ContentLoading>().Loaded;
}

/// <summary>The content being loaded at start: whoever needs the catalog first waits for it.</summary>
public sealed class ContentLoading(Task<Catalog> loaded)
{
    public Task<Catalog> Loaded { get; } = loaded;

    public Catalog Catalog => Loaded.GetAwaiter().GetResult();
}
