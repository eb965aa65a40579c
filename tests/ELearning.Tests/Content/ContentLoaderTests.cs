using System.Text.Json.Nodes;
using ELearning.Api.Content;
using ELearning.Tests.Support;

namespace ELearning.Tests.Content;

/// <summary>One test per content rule: each breaks the fixture course in one way and expects the loader to name the file and path.</summary>
public sealed class ContentLoaderTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("elearning-content-").FullName;
    const string WardPhoto = "scenarios/confidentiality/fixture-ward-photo.json";

    public ContentLoaderTests() => CopyDirectory(ELearningApp.FixtureContent, root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void The_fixture_course_loads_with_its_best_path_maxima()
    {
        var catalog = ContentLoader.Load(root);

        Assert.Equal(["confidentiality", "boundaries", "promotion-accuracy", "discrimination"], catalog.Modules.Select(m => m.Id));
        Assert.Equal(7, catalog.FindModule("confidentiality")!.FindCase("fixture-ward-photo")!.MaxScore);
        Assert.Equal(8, catalog.FindModule("confidentiality")!.MaxScore);
    }

    [Fact]
    public void A_case_that_breaks_the_schema_is_named_with_its_path()
    {
        Edit(WardPhoto, c => c.AsObject().Remove("summary"));

        AssertRejected(WardPhoto, "$", "'summary' is required");
    }

    [Fact]
    public void A_node_with_a_property_of_the_wrong_type_breaks_the_schema()
    {
        Edit(WardPhoto, c => c["nodes"]![0]!["options"]![0]!["score"] = "two");

        AssertRejected(WardPhoto, "$.nodes[0].options[0].score", "");
    }

    [Fact]
    public void A_node_is_checked_against_the_shape_its_type_names()
    {
        Edit(WardPhoto, c => c["nodes"]![2]!.AsObject().Remove("feedback"));

        AssertRejected(WardPhoto, "$.nodes[2]", "'feedback' is required");
    }

    [Fact]
    public void An_unknown_node_type_is_named()
    {
        Edit(WardPhoto, c => c["nodes"]![5]!["type"] = "essay");

        AssertRejected(WardPhoto, "$.nodes[5].type", "Unknown node type");
    }

    [Fact]
    public void A_file_that_is_not_json_is_named()
    {
        File.WriteAllText(Path.Combine(root, WardPhoto), "{ not json");

        AssertRejected(WardPhoto, "$", "Not valid JSON");
    }

    [Fact]
    public void A_next_that_names_no_node_is_rejected()
    {
        Edit(WardPhoto, c => c["nodes"]![0]!["options"]![1]!["next"] = "nowhere");

        AssertRejected(WardPhoto, "$.nodes[0].options[1].next", "'nowhere'");
    }

    [Fact]
    public void A_start_that_names_no_node_is_rejected()
    {
        Edit(WardPhoto, c => c["start"] = "missing");

        AssertRejected(WardPhoto, "$.start", "'missing'");
    }

    [Fact]
    public void A_node_that_cannot_be_reached_is_rejected()
    {
        // Options b and c now skip the consequence c1, which nothing else leads to.
        Edit(WardPhoto, c =>
        {
            c["nodes"]![0]!["options"]![1]!["next"] = "n2";
            c["nodes"]![0]!["options"]![2]!["next"] = "n2";
        });

        AssertRejected(WardPhoto, "$.nodes[1]", "cannot be reached");
    }

    [Fact]
    public void A_path_that_loops_is_rejected()
    {
        Edit(WardPhoto, c => c["nodes"]![1]!["next"] = "n1");

        AssertRejected(WardPhoto, "$.nodes[1]", "leads back to 'n1'");
    }

    [Fact]
    public void A_path_that_ends_anywhere_but_an_ending_is_rejected()
    {
        Edit(WardPhoto, c =>
        {
            var nodes = c["nodes"]!.AsArray();
            nodes[6] = JsonNode.Parse("""{ "id": "end", "type": "consequence", "title": "Then nothing", "text": ["…"], "next": "end2" }""");
            nodes.Add(JsonNode.Parse("""{ "id": "end2", "type": "reflection", "prompt": "Where now?", "next": "n1" }"""));
        });

        AssertRejected(WardPhoto, "$.nodes[7]", "leads back");
    }

    [Fact]
    public void Duplicate_node_ids_are_rejected()
    {
        Edit(WardPhoto, c => c["nodes"]![2]!["id"] = "n1");

        AssertRejected(WardPhoto, "$.nodes[2].id", "more than once");
    }

    [Fact]
    public void Duplicate_option_ids_are_rejected()
    {
        Edit(WardPhoto, c => c["nodes"]![2]!["options"]![1]!["id"] = "x");

        AssertRejected(WardPhoto, "$.nodes[2].options", "'x' is used more than once");
    }

    [Fact]
    public void Duplicate_case_ids_across_files_are_rejected()
    {
        var copy = "scenarios/confidentiality/fixture-ward-photo-copy.json";
        File.Copy(Path.Combine(root, WardPhoto), Path.Combine(root, copy));
        Edit(copy, c => c["id"] = "fixture-second");

        AssertRejected(copy, "$.id", "also used by scenarios/confidentiality/fixture-second.json");
    }

    [Fact]
    public void A_case_whose_id_differs_from_its_file_name_is_rejected()
    {
        Edit(WardPhoto, c => c["id"] = "another-name");

        AssertRejected(WardPhoto, "$.id", "must match its file name");
    }

    [Fact]
    public void A_case_in_the_wrong_module_folder_is_rejected()
    {
        Edit(WardPhoto, c => c["module"] = "boundaries");

        AssertRejected(WardPhoto, "$.module", "scenarios/confidentiality/");
    }

    [Fact]
    public void A_cited_clause_that_is_not_in_the_registry_is_rejected()
    {
        Edit(WardPhoto, c => c["nodes"]![2]!["options"]![2]!["citations"]![0] = "hcpc-scpe-99.9");

        AssertRejected(WardPhoto, "$.nodes[2].options[2].citations[0]", "'hcpc-scpe-99.9'");
    }

    [Fact]
    public void A_true_false_node_needs_options_true_and_false()
    {
        Edit(WardPhoto, c => c["nodes"]![4]!["options"]![0]!["id"] = "yes");

        AssertRejected(WardPhoto, "$.nodes[4].options", "'true' and 'false'");
    }

    [Fact]
    public void A_module_whose_only_case_is_rejected_is_reported_by_that_case_not_as_empty()
    {
        Edit("scenarios/discrimination/fixture-discrimination.json", c => c["start"] = "missing");

        var error = Assert.Throws<InvalidContentException>(() => ContentLoader.Load(root));

        Assert.Equal([("scenarios/discrimination/fixture-discrimination.json", "$.start")], error.Errors.Select(e => (e.File, e.Path)));
    }

    [Fact]
    public void A_module_with_no_cases_stops_the_start()
    {
        File.Delete(Path.Combine(root, "scenarios/discrimination/fixture-discrimination.json"));

        AssertRejected("course/course.json", "$.modules[3]", "no cases");
    }

    [Fact]
    public void A_modules_time_is_its_cases_minutes_and_the_cpd_minutes_are_the_modules()
    {
        Edit("scenarios/confidentiality/fixture-second.json", c => c["estimatedMinutes"] = 6);

        var catalog = ContentLoader.Load(root);

        Assert.Equal([10, 3, 3, 3], catalog.Modules.Select(m => m.EstimatedMinutes));
        Assert.Equal(19, catalog.CpdMinutes);
    }

    [Theory]
    [InlineData("$.cpdMinutes")]
    [InlineData("$.modules[0].estimatedMinutes")]
    public void A_time_still_written_in_course_json_is_rejected_because_it_would_go_stale(string path)
    {
        Edit("course/course.json", c =>
        {
            if (path == "$.cpdMinutes") c["cpdMinutes"] = 118;
            else c["modules"]![0]!["estimatedMinutes"] = 31;
        });

        AssertRejected("course/course.json", path, "worked out from the cases' estimatedMinutes");
    }

    [Fact]
    public void A_case_without_a_perspective_breaks_the_schema()
    {
        Edit(WardPhoto, c => c.AsObject().Remove("perspective"));

        AssertRejected(WardPhoto, "$", "'perspective' is required");
    }

    [Fact]
    public void A_perspective_other_than_supervisor_practitioner_or_student_breaks_the_schema()
    {
        Edit(WardPhoto, c => c["perspective"] = "manager");

        AssertRejected(WardPhoto, "$.perspective", "Not one of the allowed values");
    }

    [Fact]
    public void A_single_choice_question_with_two_options_stops_the_start()
    {
        Edit(WardPhoto, c => c["nodes"]![0]!["options"]!.AsArray().RemoveAt(2));

        AssertRejected(WardPhoto, "$.nodes[0].options", "single-choice node 'n1' has 2 options");
    }

    [Fact]
    public void A_lower_scoring_option_whose_route_reaches_a_good_ending_stops_the_start()
    {
        // b and c lead to the complaint, then back to the shared questions and the ending, which now says all went well.
        Edit(WardPhoto, c => c["nodes"]![6]!["outcome"] = "good");

        AssertRejected(WardPhoto, "$.nodes[0].options[1]", "option 'b' of node 'n1' scores 0, below the node's best (2), yet it can reach the good ending 'end' (c1 → n2 → n3 → n4 → n5 → end)");
        AssertRejected(WardPhoto, "$.nodes[0].options[2]", "option 'c' of node 'n1'");
    }

    [Fact]
    public void A_give_away_word_in_a_true_false_prompt_stops_the_start()
    {
        Edit(WardPhoto, c => c["nodes"]![4]!["prompt"] = "A private account always keeps a post confidential.");

        AssertRejected(WardPhoto, "$.nodes[4].prompt", "Case 'fixture-ward-photo': true/false node 'n4' has the give-away word 'always'");
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        Edit(WardPhoto, c => c["start"] = "missing");
        Edit("scenarios/boundaries/fixture-boundaries.json", c => c["nodes"]![0]!["next"] = "nowhere");

        var error = Assert.Throws<InvalidContentException>(() => ContentLoader.Load(root));

        Assert.Contains(error.Errors, e => e.File == WardPhoto);
        Assert.Contains(error.Errors, e => e.File == "scenarios/boundaries/fixture-boundaries.json");
        Assert.Contains("fixture-boundaries.json: $.nodes[0].next", error.Message);
    }

    [Fact]
    public void Invalid_content_stops_the_api_from_starting_with_the_files_named()
    {
        Edit(WardPhoto, c => c["start"] = "missing");
        using var app = new ELearningApp(contentRoot: root);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var invalid = Assert.IsType<InvalidContentException>(error.GetBaseException() is InvalidContentException e ? e : error.InnerException ?? error);
        Assert.Contains(WardPhoto, invalid.Message);
    }

    void Edit(string relativePath, Action<JsonNode> change)
    {
        var path = Path.Combine(root, relativePath);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        change(json);
        File.WriteAllText(path, json.ToJsonString());
    }

    void AssertRejected(string file, string path, string messagePart)
    {
        var error = Assert.Throws<InvalidContentException>(() => ContentLoader.Load(root));
        Assert.Contains(error.Errors, e => e.File == file && e.Path == path && e.Message.Contains(messagePart));
    }

    internal static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to));
    }
}
