using System.Text.Json.Nodes;
using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Patch;
using MlEvents.DataHub.Store;

namespace MlEvents.Conversion.Tests.DataHub;

public sealed class AspectStoreTests
{
    private const string Run = "urn:li:dataProcessInstance:r1";
    private const string Group = "urn:li:mlModelGroup:(urn:li:dataPlatform:mlflow,g,PROD)";

    /// <summary>A GMS that applies generic PATCHes on any aspect (what the opt-in GenericPatch write mode needs).</summary>
    private static AspectStore GenericStore() => new(new AspectStoreOptions { GenericPatchOnAnyAspect = true });

    private static JsonNode Json(string json) => JsonNode.Parse(json)!;

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(Json(expected), actual), $"expected {Json(expected).ToJsonString()}\nactual   {actual?.ToJsonString()}");

    private static MetadataChangeProposal RawPatch(string urn, string aspect, string body) =>
        new()
        {
            EntityType = "x",
            EntityUrn = urn,
            ChangeType = ChangeType.Patch,
            AspectName = aspect,
            AspectValue = System.Text.Encoding.UTF8.GetBytes(body),
            ContentType = ContentTypes.JsonPatch,
        };

    private static MetadataChangeProposal RawUpsert(string urn, string aspect, string json) =>
        new()
        {
            EntityType = "x",
            EntityUrn = urn,
            ChangeType = ChangeType.Upsert,
            AspectName = aspect,
            AspectValue = System.Text.Encoding.UTF8.GetBytes(json),
            ContentType = ContentTypes.Json,
        };

    [Fact]
    public void Upsert_replaces_the_whole_aspect()
    {
        var store = GenericStore();
        store.Apply(Mcp.Upsert(Run, new MlTrainingRunProperties { Id = "r1", OutputUrls = ["a"] }));
        store.Apply(Mcp.Upsert(Run, new MlTrainingRunProperties { Id = "r1" }));
        AssertJson("""{"customProperties":{},"id":"r1"}""", store.Get(Run, MlTrainingRunProperties.AspectName));
        Assert.Equal("r1", store.Get<MlTrainingRunProperties>(Run)!.Id);
    }

    [Fact]
    public void Generic_patch_starts_from_an_empty_aspect_and_keeps_siblings()
    {
        var store = GenericStore();
        store.Apply(Mcp.Patch(Run, MlTrainingRunProperties.AspectName, new GenericJsonPatchBuilder()
            .PutKeyed("trainingMetrics", "name", "acc", new MlMetric { Name = "acc", Value = "0.8" }).Build()));
        store.Apply(Mcp.Patch(Run, MlTrainingRunProperties.AspectName, new GenericJsonPatchBuilder()
            .PutKeyed("trainingMetrics", "name", "loss", new MlMetric { Name = "loss", Value = "0.3" })
            .SetField("id", "r1")
            .SetMapEntry("customProperties", "k", "v").Build()));
        AssertJson(
            """{"trainingMetrics":[{"name":"acc","value":"0.8"},{"name":"loss","value":"0.3"}],"id":"r1","customProperties":{"k":"v"}}""",
            store.Get(Run, MlTrainingRunProperties.AspectName));
    }

    [Fact]
    public void Keyed_add_replaces_the_element_with_the_same_key_in_place()
    {
        var store = GenericStore();
        store.Apply(Mcp.Upsert(Run, new MlTrainingRunProperties { TrainingMetrics = [new MlMetric { Name = "acc", Value = "0.8" }, new MlMetric { Name = "loss", Value = "0.3" }] }));
        var patch = Mcp.Patch(Run, MlTrainingRunProperties.AspectName, new GenericJsonPatchBuilder()
            .PutKeyed("trainingMetrics", "name", "acc", new MlMetric { Name = "acc", Value = "0.9" }).Build());
        store.Apply(patch);
        store.Apply(patch); // replay is idempotent
        AssertJson("""{"customProperties":{},"trainingMetrics":[{"name":"acc","value":"0.9"},{"name":"loss","value":"0.3"}]}""", store.Get(Run, MlTrainingRunProperties.AspectName));
    }

    [Fact]
    public void Empty_key_list_treats_the_array_as_a_set_of_strings()
    {
        var store = GenericStore();
        store.Apply(Mcp.Upsert(Group, new MlModelGroupProperties { TrainingJobs = ["urn:li:dataProcessInstance:old"], Description = "kept" }));
        foreach (var run in new[] { "urn:li:dataProcessInstance:new/1", "urn:li:dataProcessInstance:old", "urn:li:dataProcessInstance:new/1" })
        {
            store.Apply(Mcp.Patch(Group, MlModelGroupProperties.AspectName, new GenericJsonPatchBuilder().AddToStringSet("trainingJobs", run).Build()));
        }

        var stored = store.Get<MlModelGroupProperties>(Group)!;
        Assert.Equal(["urn:li:dataProcessInstance:old", "urn:li:dataProcessInstance:new/1"], stored.TrainingJobs);
        Assert.Equal("kept", stored.Description);
    }

    [Fact]
    public void Remove_and_replace_follow_RFC_6902()
    {
        var store = GenericStore();
        store.Apply(Mcp.Upsert(Group, new MlModelGroupProperties { Description = "d", TrainingJobs = ["a", "b"], CustomProperties = new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" } }));
        store.Apply(Mcp.Patch(Group, MlModelGroupProperties.AspectName, new GenericJsonPatchBuilder()
            .KeyArray("trainingJobs")
            .Remove(["trainingJobs", "a"])
            .Remove(["customProperties", "x"])
            .Replace(["description"], JsonValue.Create("new"))
            .Build()));
        AssertJson("""{"customProperties":{"y":"2"},"trainingJobs":["b"],"description":"new"}""", store.Get(Group, MlModelGroupProperties.AspectName));
    }

    [Fact]
    public void Replace_of_a_missing_member_is_rejected_and_leaves_the_store_unchanged()
    {
        var store = GenericStore();
        store.Apply(Mcp.Upsert(Group, new MlModelGroupProperties { Description = "d" }));
        var bad = Mcp.Patch(Group, MlModelGroupProperties.AspectName, new GenericJsonPatchBuilder()
            .SetField("name", "n")
            .Replace(["missing"], JsonValue.Create(1)).Build());
        Assert.Throws<JsonPatchException>(() => store.Apply(bad));
        AssertJson("""{"customProperties":{},"description":"d"}""", store.Get(Group, MlModelGroupProperties.AspectName));
    }

    [Fact]
    public void Remove_of_a_missing_key_is_tolerated_because_DataHub_creates_it_first()
    {
        var store = GenericStore();
        store.Apply(Mcp.Patch(Group, MlModelGroupProperties.AspectName, new GenericJsonPatchBuilder().Remove(["customProperties", "gone"]).Build()));
        AssertJson("""{"customProperties":{}}""", store.Get(Group, MlModelGroupProperties.AspectName));
    }

    [Fact]
    public void Unkeyed_generic_patch_appends_so_a_replay_duplicates()
    {
        var store = GenericStore();
        var append = RawPatch(Group, MlModelGroupProperties.AspectName,
            """{"arrayPrimaryKeys":{},"patch":[{"op":"add","path":"/trainingJobs","value":[]},{"op":"add","path":"/trainingJobs/-","value":"u"}],"forceGenericPatch":true}""");
        store.Apply(append);
        store.Apply(RawPatch(Group, MlModelGroupProperties.AspectName,
            """{"arrayPrimaryKeys":{},"patch":[{"op":"add","path":"/trainingJobs/-","value":"u"}],"forceGenericPatch":true}"""));
        AssertJson("""{"trainingJobs":["u","u"]}""", store.Get(Group, MlModelGroupProperties.AspectName));
    }

    [Fact]
    public void Path_through_an_unkeyed_array_fails_like_DataHub()
    {
        var store = GenericStore();
        store.Apply(Mcp.Upsert(Run, new DataProcessInstanceOutput { OutputEdges = [new Edge { DestinationUrn = "urn:li:mlModel:m" }] }));
        Assert.Throws<JsonPatchException>(() => store.Apply(RawPatch(Run, DataProcessInstanceOutput.AspectName,
            """{"patch":[{"op":"add","path":"/outputEdges/0/destinationUrn","value":"x"}],"forceGenericPatch":true}""")));
    }

    [Fact]
    public void Template_patch_on_globalTags_is_keyed_by_tag_urn()
    {
        var store = new AspectStore();
        const string model = "urn:li:mlModel:(urn:li:dataPlatform:mlflow,m_1,PROD)";
        store.Apply(Mcp.Upsert(model, new GlobalTags { Tags = [new TagAssociation { Tag = "urn:li:tag:a" }] }));
        store.Apply(Mcp.Patch(model, GlobalTags.AspectName,
        [
            PatchOperation.Add(JsonPointer.Build("tags", "urn:li:tag:b"), Json("""{"tag":"urn:li:tag:b"}""")),
            PatchOperation.Remove(JsonPointer.Build("tags", "urn:li:tag:a")),
        ]));
        AssertJson("""{"tags":[{"tag":"urn:li:tag:b"}]}""", store.Get(model, GlobalTags.AspectName));
    }

    [Fact]
    public void Patch_on_an_aspect_without_template_is_refused_unless_the_GMS_takes_generic_patches()
    {
        var strict = new AspectStore(); // every stored GMS version
        var template = Mcp.Patch(Group, MlModelGroupProperties.AspectName, [PatchOperation.Add("/description", JsonValue.Create("d"))]);
        var generic = Mcp.Patch(Group, MlModelGroupProperties.AspectName, new GenericJsonPatchBuilder().SetField("description", "d").Build());
        Assert.Equal("Aspect: mlModelGroupProperties does not currently support patch operations.",
            Assert.Throws<JsonPatchException>(() => strict.Apply(generic)).Message);
        Assert.Throws<JsonPatchException>(() => strict.Apply(template));
        Assert.Empty(strict.Keys);

        var lenient = GenericStore();
        Assert.Throws<JsonPatchException>(() => lenient.Apply(template)); // no forceGenericPatch: the (missing) template path
        lenient.Apply(generic);
        Assert.Equal("d", lenient.Get<MlModelGroupProperties>(Group)!.Description);
    }

    [Fact]
    public void A_patch_creating_globalTags_starts_from_the_template_default()
    {
        const string model = "urn:li:mlModel:(urn:li:dataPlatform:mlflow,m_1,PROD)";
        var store = new AspectStore();
        store.Apply(Mcp.Patch(model, GlobalTags.AspectName, [PatchOperation.Remove(JsonPointer.Build("tags", "urn:li:tag:x"))]));
        AssertJson("""{"tags":[]}""", store.Get(model, GlobalTags.AspectName));
    }

    [Fact]
    public void Required_fields_are_enforced_after_an_upsert_and_after_a_patch()
    {
        var store = GenericStore();
        var noOutputs = RawUpsert(Run, DataProcessInstanceOutput.AspectName, """{"outputEdges":[{"destinationUrn":"urn:li:mlModel:m"}]}""");
        Assert.Contains("/outputs :: field is required", Assert.Throws<JsonPatchException>(() => store.Apply(noOutputs)).Message, StringComparison.Ordinal);

        // A generic PATCH that creates the aspect without declaring `outputs` leaves it missing: GMS refuses the result.
        var edgeOnly = RawPatch(Run, DataProcessInstanceOutput.AspectName,
            """{"arrayPrimaryKeys":{"outputEdges":["destinationUrn"]},"patch":[{"op":"add","path":"/outputEdges/urn:li:mlModel:m","value":{"destinationUrn":"urn:li:mlModel:m"}}],"forceGenericPatch":true}""");
        Assert.Throws<JsonPatchException>(() => store.Apply(edgeOnly));
        Assert.Empty(store.Keys);

        var elementWithoutKey = RawUpsert(Run, MlTrainingRunProperties.AspectName, """{"trainingMetrics":[{"value":"1"}]}""");
        Assert.Contains("/trainingMetrics/0/name", Assert.Throws<JsonPatchException>(() => store.Apply(elementWithoutKey)).Message, StringComparison.Ordinal);
        var runEvent = RawUpsert(Run, DataProcessInstanceRunEvent.AspectName, """{"timestampMillis":1}""");
        Assert.Contains("/status", Assert.Throws<JsonPatchException>(() => store.Apply(runEvent)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_patch_of_versionProperties_needs_an_existing_aspect()
    {
        const string model = "urn:li:mlModel:(urn:li:dataPlatform:mlflow,m_1,PROD)";
        var store = new AspectStore();
        PatchOperation[] setLatest = [PatchOperation.Add("/isLatest", JsonValue.Create(true))];
        Assert.Throws<JsonPatchException>(() => store.Apply(Mcp.Patch(model, VersionProperties.AspectName, setLatest)));
        store.Apply(Mcp.Upsert(model, new VersionProperties { VersionSet = "urn:li:versionSet:(v,mlModel)", Version = new VersionTag { Tag = "1" }, SortId = "1" }));
        store.Apply(Mcp.Patch(model, VersionProperties.AspectName, setLatest));
        Assert.True(store.Get<VersionProperties>(model)!.IsLatest);
    }

    [Fact]
    public void Timeseries_values_are_keyed_by_timestamp()
    {
        var store = new AspectStore();
        store.Apply(Mcp.Upsert(Run, new DataProcessInstanceRunEvent { TimestampMillis = 20, Status = DataProcessRunStatus.Complete }));
        store.Apply(Mcp.Upsert(Run, new DataProcessInstanceRunEvent { TimestampMillis = 10, Status = DataProcessRunStatus.Started }));
        store.Apply(Mcp.Upsert(Run, new DataProcessInstanceRunEvent { TimestampMillis = 20, Status = DataProcessRunStatus.Complete, DurationMillis = 10 }));
        var events = store.GetTimeseries(Run, DataProcessInstanceRunEvent.AspectName);
        Assert.Equal(["STARTED", "COMPLETE"], events.Select(e => e["status"]!.GetValue<string>()));
        Assert.Equal(10, events[1]["durationMillis"]!.GetValue<long>());
        Assert.Null(store.Get(Run, DataProcessInstanceRunEvent.AspectName));
        Assert.Throws<JsonPatchException>(() => store.Apply(RawPatch(Run, DataProcessInstanceRunEvent.AspectName, """[{"op":"add","path":"/status","value":"COMPLETE"}]""")));
    }

    [Fact]
    public void Snapshot_shows_that_replaying_the_sample_changes_nothing()
    {
        var once = GenericStore();
        once.ApplyAll(SampleMcps.All());
        var twice = GenericStore();
        twice.ApplyAll(SampleMcps.All());
        twice.ApplyAll(SampleMcps.All());
        Assert.Equal(once.Snapshot().OrderBy(kv => kv.Key.ToString()), twice.Snapshot().OrderBy(kv => kv.Key.ToString()));
        Assert.Contains((SampleMcps.Run, DataProcessInstanceRunEvent.AspectName), once.Snapshot().Keys);
    }

    [Fact]
    public void Whole_sample_applies_and_keeps_both_patched_facts()
    {
        var store = GenericStore();
        store.ApplyAll(SampleMcps.All());
        var run = store.Get<MlTrainingRunProperties>(SampleMcps.Run)!;
        Assert.Equal(["accuracy", "loss"], run.TrainingMetrics!.Select(m => m.Name));
        Assert.Equal(["s3://bucket/artifacts"], run.OutputUrls);
        Assert.Single(store.Get<GlobalTags>(SampleMcps.Model)!.Tags);
        Assert.Equal(2, store.GetTimeseries(SampleMcps.Run, DataProcessInstanceRunEvent.AspectName).Count);
    }
    [Fact]
    public void All_or_nothing_leaves_the_store_as_before_when_one_mcp_is_refused()
    {
        var store = GenericStore();
        store.ApplyAll(SampleMcps.All());
        var before = store.Snapshot();
        var batch = new[]
        {
            RawUpsert(SampleMcps.Run, MlTrainingRunProperties.AspectName, """{"id":"replaced"}"""),
            RawUpsert(SampleMcps.Run, DataProcessInstanceRunEvent.AspectName, """{"timestampMillis":99,"status":"STARTED"}"""),
            RawUpsert("urn:li:tag:new", TagProperties.AspectName, """{"name":"new"}"""),
            RawUpsert(SampleMcps.Run, DataProcessInstanceRunEvent.AspectName, """{"timestampMillis":100}"""),
        };

        var refused = Assert.Throws<JsonPatchException>(() => store.ApplyAllOrNothing(batch));

        Assert.Equal(RefusalKind.RequiredFieldsMissing, refused.Kind);
        Assert.Equal(before.OrderBy(kv => kv.Key.ToString()), store.Snapshot().OrderBy(kv => kv.Key.ToString()));
        store.ApplyAllOrNothing(batch.Take(3));
        Assert.Equal("replaced", store.Get<MlTrainingRunProperties>(SampleMcps.Run)!.Id);
        Assert.Equal(3, store.GetTimeseries(SampleMcps.Run, DataProcessInstanceRunEvent.AspectName).Count);
    }

    [Fact]
    public void Refusals_tell_which_gms_exception_they_stand_for()
    {
        var store = new AspectStore();
        Assert.Equal(RefusalKind.Unsupported, Assert.Throws<JsonPatchException>(
            () => store.Apply(RawPatch(Run, "containerProperties", """[{"op":"add","path":"/name","value":"x"}]"""))).Kind);
        Assert.Equal(RefusalKind.UnreadablePayload, Assert.Throws<JsonPatchException>(
            () => store.Apply(RawUpsert(Run, TagProperties.AspectName, "{not json"))).Kind);
        Assert.Equal(RefusalKind.UnreadablePayload, Assert.Throws<JsonPatchException>(
            () => store.Apply(RawPatch(Run, GlobalTags.AspectName, "42"))).Kind);
        Assert.Equal(RefusalKind.RequiredFieldsMissing, Assert.Throws<JsonPatchException>(
            () => store.Apply(RawUpsert(Run, TagProperties.AspectName, "{}"))).Kind);
    }
}
