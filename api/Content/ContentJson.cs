using System.Text.Json;
using System.Text.Json.Serialization;

namespace ELearning.Api.Content;

// The content files are read at every start, before the first request can be answered. Generated at build time, the
// readers need no reflection over the content types on the way (a cold start builds that metadata before anything
// else can use it). The options are those the files were always read with.

/// <summary>Case files: Web names, and members the API does not use (authors' notes) skipped.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(CaseFile))]
[JsonSerializable(typeof(OptionFile))]
internal sealed partial class CaseFileJson : JsonSerializerContext;

/// <summary>course.json and clauses.json: every constructor parameter required, and null only where the type allows it.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(CourseDefinition))]
[JsonSerializable(typeof(ContentLoader.ClauseRegistry))]
internal sealed partial class StrictContentJson : JsonSerializerContext;
