using ELearning.Api.Data;
using ELearning.Api.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Certificates;

public static class CertificatesExtensions
{
    public static WebApplicationBuilder AddCertificates(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CertificateOptions>().BindConfiguration("Certificates").ValidateDataAnnotations().ValidateOnStart();
        // The key is loaded (or generated and saved) at start-up, not on the first certificate, so a
        // misconfigured key stops the API before it issues anything.
        builder.Services.AddSingleton<SigningKeyStore>();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CertificateOptions>>().Value;
            var baseUri = sp.GetRequiredService<IOptions<AppOptions>>().Value.BaseUri;
            var inDatabase = options.SigningKeyStore?.ToLowerInvariant() switch
            {
                "database" => true,
                "file" => false,
                // Several nodes share a server database, and must share the key with it; with a PEM given, that is the key.
                _ => string.IsNullOrWhiteSpace(options.SigningKeyPem) && sp.GetRequiredService<IDbConnectionFactory>().Provider != DatabaseProvider.Sqlite,
            };
            return inDatabase
                ? SigningKeys.InDatabase(sp.GetRequiredService<SigningKeyStore>(), SigningKeyWrap.From(options.KeyEncryptionKey, out _)!, baseUri,
                    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<SigningKeys>())
                : SigningKeys.FromFile(options, baseUri, builder.Environment.ContentRootPath, sp.GetRequiredService<ILoggerFactory>().CreateLogger<SigningKeys>());
        });
        builder.Services.AddSingleton<CredentialSigner>();
        builder.Services.AddSingleton<IssuerIdentity>();
        builder.Services.AddSingleton<CertificateStore>();
        builder.Services.AddSingleton<CertificateIssuer>();
        builder.Services.AddSingleton<CertificateDocuments>();
        builder.Services.AddSingleton<EvidencePack>();
        // Bound to the xAPI outbox by the Tracking feature when it is present; empty until then.
        builder.Services.AddAuthorizationBuilder().AddPolicy(CertificateEndpoints.OwnerOrAdmin, p => p.RequireAssertion(c =>
            c.User.IsDelegate() || c.User.IsAdministrator()));
        builder.Services.AddPolicySecurity(CertificateEndpoints.OwnerOrAdmin, SecuritySchemes.DelegateToken, SecuritySchemes.AdminKey);
        return builder;
    }

    public static WebApplication MapCertificates(this WebApplication app)
    {
        // Resolve the key now: generating it on first run happens before the first request, not during one.
        app.Services.GetRequiredService<SigningKeys>();
        app.MapCertificateRoutes();
        return app;
    }
}
