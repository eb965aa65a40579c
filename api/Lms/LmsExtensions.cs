namespace ELearning.Api.Lms;

public static class LmsExtensions
{
    public static WebApplicationBuilder AddLms(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LmsOptions>().BindConfiguration("Lms");
        builder.Services.AddSingleton<PackageKeyStore>();
        var origins = builder.Configuration.GetSection("Lms:AllowedOrigins").Get<string[]>() ?? [];
        // Only the configured LMS origins may call across origins, and only the routes that opt in.
        builder.Services.AddCors(o => o.AddPolicy(LmsEndpoints.CorsPolicy, p => p
            .WithOrigins([.. origins.Select(x => x.TrimEnd('/'))]).WithMethods("GET", "POST").WithHeaders("Content-Type", "Authorization")));
        return builder;
    }
}
