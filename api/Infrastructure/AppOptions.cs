namespace ELearning.Api;

public sealed class AppOptions
{
    /// <summary>
    /// App:PublicBaseUrl: where delegates and LMSs reach this service. It is also the home page of xAPI
    /// accounts, the base of activity IRIs and of certificate verification links, so set it in production.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    public Uri BaseUri => new(PublicBaseUrl.TrimEnd('/') + "/");
}
