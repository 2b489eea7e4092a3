using System.Text.Json.Nodes;
using MlEvents.Contracts;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Urns;
using static MlEvents.Conversion.Tests.Conversion.Events;

namespace MlEvents.Conversion.Tests.Conversion;

/// <summary>Which MCPs each event yields: entity, URN, aspect, change type and the key fields of the aspect.</summary>
public sealed class EventMappingTests
{
    private static readonly string Platform = DataHubUrns.DataPlatform("mlflow");

    private static IReadOnlyList<MetadataChangeProposal> Convert(MlEvent e, WriteMode mode = WriteMode.Standard, UrnStyle style = UrnStyle.Guid) =>
        new EventConverter(Mode(mode, style)).Convert(e);

    private static string[] Summary(IEnumerable<MetadataChangeProposal> mcps) =>
        [.. mcps.Select(m => $"{m.EntityType} {m.ChangeType.ToSymbol()} {m.AspectName}")];

    private static JsonNode Json(MetadataChangeProposal mcp) => JsonNode.Parse(mcp.AspectJson)!;

    private static MetadataChangeProposal Single(IEnumerable<MetadataChangeProposal> mcps, string aspect) =>
        Assert.Single(mcps, m => m.AspectName == aspect);

    [Fact]
    public void ExperimentUpserted_is_an_ML_Experiment_container_keyed_like_the_MLflow_source()
    {
        var mcps = Convert(Experiment("exp-1"));
        Assert.Equal(
            ["container UPSERT containerProperties", "container UPSERT subTypes", "container UPSERT dataPlatformInstance",
             "container UPSERT status", "container UPSERT browsePathsV2"],
            Summary(mcps));
        var urn = "urn:li:container:" + DataHubGuid.Compute(("id", "exp-1"), ("platform", Platform));
        Assert.All(mcps, m => Assert.Equal(urn, m.EntityUrn));
        var props = Json(Single(mcps, "containerProperties"));
        Assert.Equal("Churn experiment", (string)props["name"]!);
        // As the SDK's Container: the key's platform and id, then the experiment's own properties.
        Assert.Equal("""{"customProperties":{"id":"exp-1","platform":"urn:li:dataPlatform:mlflow","team":"growth"},"name":"Churn experiment"}""", props.ToJsonString());
        Assert.Equal("ML Experiment", (string)Json(Single(mcps, "subTypes"))["typeNames"]![0]!);
        Assert.Equal(Platform, (string)Json(Single(mcps, "dataPlatformInstance"))["platform"]!);
    }

    [Fact]
    public void Readable_style_uses_the_ids_of_the_AI_guide()
    {
        Assert.Equal("urn:li:container:exp-1", Convert(Experiment("exp-1"), style: UrnStyle.Readable)[0].EntityUrn);
        var run = Convert(Started("run(1)", new Dictionary<string, string>()), style: UrnStyle.Readable);
        Assert.Equal("urn:li:dataProcessInstance:run%281%29", Single(run, "dataProcessInstanceProperties").EntityUrn);
        Assert.Equal("urn:li:container:exp-1", (string)Json(Single(run, "container"))["container"]!);
        var model = Convert(Registered("churn", "3", "run-1"), style: UrnStyle.Readable);
        Assert.Equal("urn:li:versionSet:(mlmodel_churn_versions,mlModel)", (string)Json(Single(model, "versionProperties"))["versionSet"]!);
    }

    [Theory]
    [InlineData(WriteMode.GenericPatch, new[] { "dataProcessInstance PATCH mlTrainingRunProperties" })]
    [InlineData(WriteMode.Standard, new string[0])] // mlTrainingRunProperties belongs to RunFinished there
    public void RunStarted_is_an_ML_Training_Run_with_a_STARTED_event(WriteMode mode, string[] runProperties)
    {
        var mcps = Convert(Started("run-1", new Dictionary<string, string> { ["lr"] = "0.1" }), mode);
        // Platform mlflow: the run's creator is an MLflow user platformResource, as the MLflow source writes it ("mlflow"
        // when the event names no actor).
        var user = DataHubUrns.PlatformResource(DataHubGuid.ForPlatformUser("mlflow", "mlflow"));
        Assert.Equal(["platformResource UPSERT platformResourceInfo", "platformResource UPSERT status"], Summary(mcps.Take(2)));
        Assert.All(mcps.Take(2), m => Assert.Equal(user, m.EntityUrn));
        Assert.Equal("""{"resourceType":"user","primaryKey":"mlflow"}""", mcps[0].AspectJson);
        mcps = [.. mcps.Skip(2)];
        Assert.Equal(
            ["dataProcessInstance UPSERT dataProcessInstanceProperties", "dataProcessInstance UPSERT subTypes",
             "dataProcessInstance UPSERT dataPlatformInstance", "dataProcessInstance UPSERT status", "dataProcessInstance UPSERT container",
             .. runProperties, "dataProcessInstance UPSERT dataProcessInstanceRunEvent",
             "dataProcessInstance UPSERT dataProcessInstanceInput"],
            Summary(mcps));
        Assert.All(mcps, m => Assert.Equal(DataHubUrns.DataProcessInstanceForRun("run-1", "mlflow"), m.EntityUrn));
        var props = Json(Single(mcps, "dataProcessInstanceProperties"));
        Assert.Equal("run-1", (string)props["name"]!); // no runName: the id
        Assert.Equal(T0, (long)props["created"]!["time"]!);
        Assert.Equal(user, (string)props["created"]!["actor"]!);
        Assert.Equal(DataHubUrns.ExperimentContainer("exp-1", "mlflow"), (string)Json(Single(mcps, "container"))["container"]!);
        var runEvent = Json(Single(mcps, "dataProcessInstanceRunEvent"));
        Assert.Equal("STARTED", (string)runEvent["status"]!);
        Assert.Equal(T0, (long)runEvent["timestampMillis"]!);
        var input = Json(Single(mcps, "dataProcessInstanceInput"));
        Assert.Empty(input["inputs"]!.AsArray());
        Assert.Equal(DataHubUrns.Dataset("s3", "bucket/train"), (string)input["inputEdges"]![0]!["destinationUrn"]!);
    }

    [Fact]
    public void RunStarted_without_experiment_nor_datasets_writes_no_container_and_no_input()
    {
        var e = Of(new RunStarted { RunId = "r" });
        var mcps = Convert(e);
        Assert.DoesNotContain(mcps, m => m.AspectName is "container" or "dataProcessInstanceInput");
        Assert.Equal(e.EventTime, (long)Json(Single(mcps, "dataProcessInstanceRunEvent"))["timestampMillis"]!);
    }

    [Fact]
    public void RunFinished_generic_patch_adds_metrics_params_and_urls_by_key()
    {
        var mcps = Convert(Finished("run-1", new Dictionary<string, double> { ["acc"] = 1.0 }, new Dictionary<string, string> { ["lr"] = "0.1" }, result: RunResult.UP_FOR_RETRY), WriteMode.GenericPatch);
        Assert.Equal(
            ["dataProcessInstance UPSERT dataProcessInstanceRunEvent", "dataProcessInstance PATCH mlTrainingRunProperties",
             "dataProcessInstance PATCH dataProcessInstanceOutput"],
            Summary(mcps));
        var runEvent = Json(mcps[0]);
        Assert.Equal("COMPLETE", (string)runEvent["status"]!);
        Assert.Equal("UP_FOR_RETRY", (string)runEvent["result"]!["type"]!);
        Assert.Equal("mlflow", (string)runEvent["result"]!["nativeResultType"]!); // defaults to the platform, as the MLflow source
        Assert.Equal(60_000, (long)runEvent["durationMillis"]!);
        var patch = Json(mcps[1]);
        Assert.True((bool)patch["forceGenericPatch"]!);
        Assert.Equal("""{"hyperParams":["name"],"trainingMetrics":["name"],"outputUrls":[]}""", patch["arrayPrimaryKeys"]!.ToJsonString());
        var paths = patch["patch"]!.AsArray().Select(op => (string)op!["path"]!).ToArray();
        Assert.Equal(["/id", "/hyperParams/lr", "/trainingMetrics/acc", "/outputUrls/s3:~1~1bucket~1model"], paths);
        Assert.Equal("1.0", (string)patch["patch"]![2]!["value"]!["value"]!); // Python str(float), as the MLflow source
    }

    [Fact]
    public void RunFinished_in_standard_mode_upserts_the_whole_training_run_properties()
    {
        var mcps = Convert(Finished("run-1", new Dictionary<string, double> { ["acc"] = 0.5 }, new Dictionary<string, string> { ["lr"] = "0.1" }));
        Assert.All(mcps, m => Assert.Equal(ChangeType.Upsert, m.ChangeType));
        var props = Json(Single(mcps, "mlTrainingRunProperties"));
        Assert.Equal("""{"customProperties":{},"id":"run-1","outputUrls":["s3://bucket/model"],"hyperParams":[{"name":"lr","value":"0.1"}],"trainingMetrics":[{"name":"acc","value":"0.5"}]}""", props.ToJsonString());
        var output = Json(Single(mcps, "dataProcessInstanceOutput"));
        Assert.Equal(DataHubUrns.Dataset("s3", "bucket/predictions"), (string)output["outputEdges"]![0]!["destinationUrn"]!);
    }

    [Fact]
    public void RunFinished_without_times_uses_the_event_time_and_no_duration()
    {
        var e = Of(new RunFinished { RunId = "r", Result = RunResult.SUCCESS, NativeResultType = "FINISHED" }, time: T0 + 5);
        var runEvent = Json(Convert(e)[0]);
        Assert.Equal(T0 + 5, (long)runEvent["timestampMillis"]!);
        Assert.Null(runEvent["durationMillis"]);
        Assert.Equal("FINISHED", (string)runEvent["result"]!["nativeResultType"]!);
    }

    [Theory]
    [InlineData(WriteMode.GenericPatch)]
    [InlineData(WriteMode.Standard)]
    public void ModelGroupUpserted_writes_the_group_with_its_runs(WriteMode mode)
    {
        var e = Of(new ModelGroupUpserted { GroupName = "churn", ExternalUrl = "https://mlflow/#/models/churn", TrainingRunIds = ["run-1"] });
        var mcps = Convert(e, mode);
        var change = mode == WriteMode.GenericPatch ? "PATCH" : "UPSERT";
        Assert.Equal([$"mlModelGroup {change} mlModelGroupProperties", "mlModelGroup UPSERT dataPlatformInstance", "mlModelGroup UPSERT status"], Summary(mcps));
        Assert.All(mcps, m => Assert.Equal(DataHubUrns.MlModelGroup("mlflow", "churn"), m.EntityUrn));
        var store = new MlEvents.DataHub.Store.AspectStore(new MlEvents.DataHub.Store.AspectStoreOptions { GenericPatchOnAnyAspect = mode == WriteMode.GenericPatch });
        store.ApplyAll(mcps);
        var group = store.Get<MlEvents.DataHub.Aspects.MlModelGroupProperties>(DataHubUrns.MlModelGroup("mlflow", "churn"))!;
        Assert.Equal([DataHubUrns.DataProcessInstanceForRun("run-1", "mlflow")], group.TrainingJobs);
        Assert.Equal("https://mlflow/#/models/churn", group.CustomProperties["externalUrl"]); // the PDL has no externalUrl
        Assert.Equal(T0, group.Created!.Time);
    }

    [Fact]
    public void ModelRegistered_in_standard_mode_writes_only_the_version_with_its_lineage_and_a_template_tag_patch()
    {
        var mcps = Convert(Registered("churn", "3", "run-1", aliases: ["champion"], stage: "Staging"));
        Assert.Equal(
            ["mlModel UPSERT mlModelProperties", "mlModel UPSERT versionProperties", "tag UPSERT tagProperties", "tag UPSERT status", "mlModel PATCH globalTags",
             "mlModel UPSERT dataPlatformInstance", "mlModel UPSERT status"],
            Summary(mcps));
        var props = Json(Single(mcps, "mlModelProperties"));
        Assert.Equal(DataHubUrns.MlModelGroup("mlflow", "churn"), (string)props["groups"]![0]!);
        Assert.Equal(DataHubUrns.DataProcessInstanceForRun("run-1", "mlflow"), (string)props["trainingJobs"]![0]!);

        // globalTags: the RFC 6902 array Python's MetadataPatchProposal sends, for GlobalTagsTemplate.
        var tags = Single(mcps, "globalTags");
        Assert.Equal(ContentTypes.JsonPatch, tags.ContentType);
        Assert.Equal(
            """[{"op":"remove","path":"/tags/urn:li:tag:mlflow_archived"},{"op":"remove","path":"/tags/urn:li:tag:mlflow_none"},{"op":"remove","path":"/tags/urn:li:tag:mlflow_production"},{"op":"add","path":"/tags/urn:li:tag:mlflow_staging","value":{"tag":"urn:li:tag:mlflow_staging"}}]""",
            tags.AspectJson);
    }

    [Fact]
    public void ModelRegistered_in_generic_patch_mode_also_patches_group_and_run()
    {
        var mcps = Convert(Registered("churn", "3", "run-1", aliases: ["champion"], stage: "Staging"), WriteMode.GenericPatch);
        var model = DataHubUrns.MlModel("mlflow", "churn_3");
        Assert.Equal(
            ["mlModel UPSERT mlModelProperties", "mlModel UPSERT versionProperties", "tag UPSERT tagProperties", "tag UPSERT status", "mlModel PATCH globalTags",
             "mlModel UPSERT dataPlatformInstance", "mlModel UPSERT status", "mlModelGroup PATCH mlModelGroupProperties",
             "dataProcessInstance PATCH dataProcessInstanceOutput"],
            Summary(mcps));
        var props = Json(Single(mcps, "mlModelProperties"));
        Assert.Equal(model, mcps[0].EntityUrn);
        Assert.Null(props["version"]); // the version is in versionProperties, as the MLflow source writes it
        Assert.Null(props["name"]);
        Assert.Equal(DataHubUrns.MlModelGroup("mlflow", "churn"), (string)props["groups"]![0]!);
        Assert.Equal(DataHubUrns.DataProcessInstanceForRun("run-1", "mlflow"), (string)props["trainingJobs"]![0]!);
        Assert.Equal("0.91", (string)props["trainingMetrics"]![0]!["value"]!);
        Assert.Equal("owner:ml", (string)props["tags"]![0]!);
        var version = Json(Single(mcps, "versionProperties"));
        Assert.Equal(DataHubUrns.VersionSetForModel("churn", "mlflow"), (string)version["versionSet"]!);
        Assert.Equal("0000000003", (string)version["sortId"]!);
        Assert.Equal("champion", (string)version["aliases"]![0]!["versionTag"]!);
        Assert.Equal("/tags/urn:li:tag:mlflow_staging", (string)Json(Single(mcps, "globalTags"))[3]!["path"]!);
        var groupPatch = Json(Single(mcps, "mlModelGroupProperties"));
        Assert.Equal("/trainingJobs/" + DataHubUrns.DataProcessInstanceForRun("run-1", "mlflow"), (string)groupPatch["patch"]![0]!["path"]!);
        var runPatch = Json(Single(mcps, "dataProcessInstanceOutput"));
        Assert.Equal("/outputEdges/" + model, (string)runPatch["patch"]![0]!["path"]!);
    }

    [Fact]
    public void ModelRegistered_without_run_or_group_touches_only_the_model()
    {
        var mcps = Convert(Registered("churn", "3", runId: null, group: null));
        Assert.All(mcps, m => Assert.Equal("mlModel", m.EntityType));
        var props = Json(Single(mcps, "mlModelProperties"));
        Assert.Null(props["groups"]);
        Assert.Empty(props["trainingJobs"]!.AsArray()); // written empty, as the MLflow source does for a version without run
        Assert.DoesNotContain(mcps, m => m.AspectName == "globalTags");
    }

    [Fact]
    public void Model_urn_joins_name_and_version_with_the_configured_separator()
    {
        var options = new ConversionOptions { ModelVersionSeparator = "-v" };
        var mcps = new EventConverter(options).Convert(Registered("churn", "3", null));
        Assert.Equal(DataHubUrns.MlModel("mlflow", "churn-v3"), mcps[0].EntityUrn);
    }

    [Theory]
    [InlineData("Production", "mlflow_production", "#308613", "Production Stage for an ML model in MLflow Model Registry")]
    [InlineData("staging", "mlflow_staging", "#FACB66", "Staging Stage for an ML model in MLflow Model Registry")]
    [InlineData("Archived", "mlflow_archived", "#5D7283", "Archived Stage for an ML model in MLflow Model Registry")]
    [InlineData("None", "mlflow_none", "#F2F4F5", "None Stage for an ML model in MLflow Model Registry")]
    [InlineData("Shadow", "mlflow_shadow", null, "Shadow Stage for an ML model in MLflow Model Registry")]
    public void ModelStageChanged_sets_the_stage_tag_like_the_MLflow_source(string stage, string tag, string? color, string description)
    {
        var mcps = Convert(StageChanged("churn", "3", stage));
        Assert.Equal(["tag UPSERT tagProperties", "tag UPSERT status", "mlModel PATCH globalTags"], Summary(mcps));
        var tagProps = Json(mcps[0]);
        Assert.Equal($"urn:li:tag:{tag}", mcps[0].EntityUrn);
        Assert.Equal(tag, (string)tagProps["name"]!);
        Assert.Equal(description, (string)tagProps["description"]!);
        Assert.Equal(color, (string?)tagProps["colorHex"]);
        var store = new MlEvents.DataHub.Store.AspectStore();
        store.ApplyAll(mcps);
        Assert.Equal($$"""{"tags":[{"tag":"urn:li:tag:{{tag}}"}]}""", store.GetJson(mcps[2].EntityUrn, "globalTags"));
    }

    [Fact]
    public void ModelAliasesChanged_rewrites_the_whole_version_properties()
    {
        var e = AliasesChanged("churn", "12", []);
        var mcps = Convert(e);
        var version = Json(Assert.Single(mcps));
        Assert.Equal(ChangeType.Upsert, mcps[0].ChangeType);
        Assert.Equal(
            "{\"versionSet\":\"" + DataHubUrns.VersionSetForModel("churn", "mlflow") + "\",\"version\":{\"versionTag\":\"12\",\"metadataAttribution\":{\"time\":" + e.EventTime
            + ""","actor":"urn:li:corpuser:datahub","sourceDetail":{}}},"aliases":[],"sortId":"0000000012","versioningScheme":"LEXICOGRAPHIC_STRING"}""",
            version.ToJsonString());
    }

    [Theory]
    [InlineData(null, "urn:li:corpuser:datahub")]
    [InlineData("alice", "urn:li:corpuser:alice")]
    [InlineData("urn:li:corpuser:bob", "urn:li:corpuser:bob")]
    [InlineData("a(b)", "urn:li:corpuser:a%28b%29")]
    public void Actor_becomes_a_corpuser_urn_unless_it_is_one(string? actor, string expected)
    {
        var mcps = new EventConverter(new ConversionOptions()).Convert(Of(new RunStarted { RunId = "r" }, actor: actor, platform: "sagemaker"));
        Assert.Equal(expected, (string)Json(Single(mcps, "dataProcessInstanceProperties"))["created"]!["actor"]!);
    }

    [Theory]
    [InlineData(null, "mlflow")]
    [InlineData("alice", "alice")]
    [InlineData("urn:li:corpuser:bob", "bob")]
    public void An_mlflow_runs_creator_is_the_MLflow_sources_user_platform_resource(string? actor, string user)
    {
        var mcps = Convert(Of(new RunStarted { RunId = "r" }, actor: actor));
        var urn = DataHubUrns.PlatformResource(DataHubGuid.ForPlatformUser("mlflow", user));
        Assert.Equal(urn, (string)Json(Single(mcps, "dataProcessInstanceProperties"))["created"]!["actor"]!);
        Assert.Equal($$"""{"resourceType":"user","primaryKey":"{{user}}"}""", Single(mcps, "platformResourceInfo").AspectJson);
        Assert.Equal(urn, Single(mcps, "platformResourceInfo").EntityUrn);
    }

    [Fact]
    public void An_mlflow_run_started_by_a_group_keeps_the_group_as_creator()
    {
        var mcps = Convert(Of(new RunStarted { RunId = "r" }, actor: "urn:li:corpGroup:ml-team"));
        Assert.Equal("urn:li:corpGroup:ml-team", (string)Json(Single(mcps, "dataProcessInstanceProperties"))["created"]!["actor"]!);
        Assert.DoesNotContain(mcps, m => m.EntityType == "platformResource");
    }

    [Theory]
    [InlineData(WriteMode.Standard)]
    [InlineData(WriteMode.GenericPatch)]
    public void RunUpdated_writes_only_the_runs_training_properties(WriteMode mode)
    {
        var e = Of(new RunUpdated
        {
            RunId = "run-1",
            HyperParams = new Dictionary<string, string> { ["lr"] = "0.1" },
            Metrics = new Dictionary<string, double> { ["loss"] = 0.5 },
            CustomProperties = new Dictionary<string, string> { ["best_epoch"] = "2" },
            OutputUrls = ["s3://bucket/out"],
        });
        var mcps = Convert(e, mode);

        var mcp = Assert.Single(mcps);
        Assert.Equal((DataHubUrns.DataProcessInstanceForRun("run-1", "mlflow"), "mlTrainingRunProperties"), (mcp.EntityUrn, mcp.AspectName));
        var store = new MlEvents.DataHub.Store.AspectStore(new MlEvents.DataHub.Store.AspectStoreOptions { GenericPatchOnAnyAspect = mode == WriteMode.GenericPatch });
        store.ApplyAll(mcps);
        var expected = JsonNode.Parse(
            """{"customProperties":{"best_epoch":"2"},"id":"run-1","outputUrls":["s3://bucket/out"],"hyperParams":[{"name":"lr","value":"0.1"}],"trainingMetrics":[{"name":"loss","value":"0.5"}]}""");
        var stored = store.Get(mcp.EntityUrn, "mlTrainingRunProperties");
        Assert.True(JsonNode.DeepEquals(expected, stored), stored?.ToJsonString());
    }

    [Fact]
    public void Every_mcp_carries_system_metadata_from_the_event_never_the_clock()
    {
        foreach (var e in Samples.AirlineForecast())
        {
            foreach (var mcp in new EventConverter(new ConversionOptions()).Convert(e))
            {
                Assert.Equal(e.EventTime, mcp.SystemMetadata!.LastObserved);
                Assert.Equal(e.EventId, mcp.SystemMetadata.Properties!["eventId"]);
                Assert.Equal(e.Payload.TypeName, mcp.SystemMetadata.Properties["eventType"]);
            }
        }
    }

    [Fact]
    public void Dataset_urns_use_their_own_environment_and_platform_instance()
    {
        var e = Of(new RunStarted
        {
            RunId = "r",
            InputDatasets =
            [
                new DatasetRef { Platform = "hive", Name = "db.t", Environment = "DEV", PlatformInstance = "eu" },
                new DatasetRef { Platform = "hive", Name = "db.t", Environment = "DEV", PlatformInstance = "eu" },
            ],
        });
        var input = Json(Single(Convert(e), "dataProcessInstanceInput"));
        var edge = Assert.Single(input["inputEdges"]!.AsArray()); // duplicates collapse
        Assert.Equal("urn:li:dataset:(urn:li:dataPlatform:hive,eu.db.t,DEV)", (string)edge!["destinationUrn"]!);
    }

    [Theory]
    [InlineData(WriteMode.Standard)]
    [InlineData(WriteMode.GenericPatch)]
    public void ModelStageChanged_swaps_only_the_MLflow_stage_tags_with_a_template_patch_in_every_mode(WriteMode mode)
    {
        var mcps = Convert(StageChanged("churn", "3", "Production"), mode);
        Assert.Equal(["tag UPSERT tagProperties", "tag UPSERT status", "mlModel PATCH globalTags"], Summary(mcps));
        var patch = Json(mcps[2]);
        Assert.IsType<JsonArray>(patch); // RFC 6902 array: GlobalTagsTemplate, no forceGenericPatch
        Assert.Equal(
            ["remove /tags/urn:li:tag:mlflow_archived", "remove /tags/urn:li:tag:mlflow_none", "remove /tags/urn:li:tag:mlflow_staging",
             "add /tags/urn:li:tag:mlflow_production"],
            patch.AsArray().Select(op => $"{(string)op!["op"]!} {(string)op["path"]!}"));
    }

    [Fact]
    public void Guid_urns_coincide_with_those_in_DataHubs_MLflow_golden_file()
    {
        // Container, run and version-set URNs as in metadata-ingestion/tests/integration/mlflow/mlflow_mcps_golden.json
        // (see docs/DATAHUB-MODEL.md); model and group as mlflow.py's make_ml_model_urn("<name><separator><version>").
        var experiment = Convert(Of(new ExperimentUpserted { ExperimentId = "test-experiment" }));
        Assert.Equal("urn:li:container:e37dbaee9481246e0997d7d8fefd8815", experiment[0].EntityUrn);
        var run = Convert(Of(new RunStarted { RunId = "02660a3bee9941ed983667f678ce5611", ExperimentId = "test-experiment" }));
        Assert.Equal("urn:li:dataProcessInstance:2666299269d6ebea994d5ec0c29e3aca", Single(run, "dataProcessInstanceProperties").EntityUrn);
        var model = Convert(Registered("test-model", "1", "02660a3bee9941ed983667f678ce5611", group: "test-model"));
        Assert.Equal("urn:li:mlModel:(urn:li:dataPlatform:mlflow,test-model_1,PROD)", model[0].EntityUrn);
        Assert.Equal("urn:li:versionSet:(658730e7177b283e4f94410fe4b41519,mlModel)", (string)Json(Single(model, "versionProperties"))["versionSet"]!);
        Assert.Equal("urn:li:mlModelGroup:(urn:li:dataPlatform:mlflow,test-model,PROD)", (string)Json(Single(model, "mlModelProperties"))["groups"]![0]!);
    }
}
