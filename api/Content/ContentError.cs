namespace ELearning.Api.Content;

/// <summary>One problem in the content, located by file and JSON path so an author can find it.</summary>
public sealed record ContentError(string File, string Path, string Message)
{
    public override string ToString() => $"{File}: {Path}: {Message}";
}

public sealed class InvalidContentException(IReadOnlyList<ContentError> errors)
    : Exception("The course content is invalid; the API will not start until it is fixed:" + Environment.NewLine +
                string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<ContentError> Errors { get; } = errors;
}
