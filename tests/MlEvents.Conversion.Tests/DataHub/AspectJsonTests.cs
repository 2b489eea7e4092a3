using System.Text.Json;
using System.Text.Json.Nodes;
using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Urns;

namespace MlEvents.Conversion.Tests.DataHub;

/// <summary>
/// Our aspect JSON compared with aspects DataHub itself emitted
/// (metadata-ingestion/tests/integration/mlflow/mlflow_mcps_golden.json), member by member.
/// </summary>
public sealed class AspectJsonTests
{
    private const string RunUrn = "urn:li:dataProcessInstance:2666299269d6ebea994d5ec0c29e3aca";
    private const string GroupUrn = "urn:li:mlModelGroup:(urn:li:dataPlatform:mlflow,test-model,PROD)";
    private const long T = 1615443388097;

    private static void AssertSameJson(string expected, byte[] actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(expectedNode, actualNode), $"expected {expectedNode!.ToJsonString()}\nactual   {actualNode!.ToJsonString()}");
    }

    [Fact]
    public void TagProperties_matches_DataHub() => AssertSameJson(
        """{"name": "mlflow_production", "description": "Production Stage for an ML model in MLflow Model Registry", "colorHex": "#308613"}""",
        AspectJson.Serialize(new TagProperties { Name = "mlflow_production", Description = "Production Stage for an ML model in MLflow Model Registry", ColorHex = "#308613" }));

    [Fact]
    public void Container_aspects_match_DataHub()
    {
        AssertSameJson("""{"typeNames": ["ML Experiment"]}""", AspectJson.Serialize(new SubTypes { TypeNames = ["ML Experiment"] }));
        AssertSameJson(
            """{"customProperties": {"platform": "urn:li:dataPlatform:mlflow", "id": "Default"}, "name": "Default"}""",
            AspectJson.Serialize(new ContainerProperties { Name = "Default", CustomProperties = new Dictionary<string, string> { ["platform"] = "urn:li:dataPlatform:mlflow", ["id"] = "Default" } }));
        AssertSameJson("""{"platform": "urn:li:dataPlatform:mlflow"}""", AspectJson.Serialize(new DataPlatformInstance { Platform = DataHubUrns.DataPlatform("mlflow") }));
        AssertSameJson("""{"path": []}""", AspectJson.Serialize(new BrowsePathsV2 { Path = [] }));
        AssertSameJson("""{"removed": false}""", AspectJson.Serialize(new Status()));
        AssertSameJson("""{"container": "urn:li:container:e37dbaee9481246e0997d7d8fefd8815"}""", AspectJson.Serialize(new ContainerAspect { ContainerUrn = "urn:li:container:e37dbaee9481246e0997d7d8fefd8815" }));
    }

    [Fact]
    public void Run_aspects_match_DataHub()
    {
        AssertSameJson(
            """{"customProperties": {}, "name": "test-run", "created": {"time": 1615443388097, "actor": "urn:li:platformResource:unknown"}}""",
            AspectJson.Serialize(new DataProcessInstanceProperties { Name = "test-run", Created = new AuditStamp { Time = T, Actor = "urn:li:platformResource:unknown" } }));
        AssertSameJson(
            """{"outputs": [], "outputEdges": [{"destinationUrn": "urn:li:mlModel:(urn:li:dataPlatform:mlflow,test-model_1,PROD)"}]}""",
            AspectJson.Serialize(new DataProcessInstanceOutput { OutputEdges = [new Edge { DestinationUrn = DataHubUrns.MlModel("mlflow", "test-model_1") }] }));
        AssertSameJson(
            """{"customProperties": {}, "id": "02660a3bee9941ed983667f678ce5611", "outputUrls": ["/tmp/artifacts"], "hyperParams": [{"name": "p", "value": "1"}], "trainingMetrics": [{"name": "m", "value": "0.85"}]}""",
            AspectJson.Serialize(new MlTrainingRunProperties
            {
                Id = "02660a3bee9941ed983667f678ce5611",
                OutputUrls = ["/tmp/artifacts"],
                HyperParams = [new MlHyperParam { Name = "p", Value = "1" }],
                TrainingMetrics = [new MlMetric { Name = "m", Value = "0.85" }],
            }));
    }

    [Fact]
    public void Model_aspects_match_DataHub()
    {
        var attribution = new MetadataAttribution { Time = T, Actor = "urn:li:corpuser:datahub" };
        AssertSameJson(
            """
            {"customProperties": {"model_env": "test", "model_id": "1"}, "description": "This a test registered model",
             "created": {"time": 1615443388097}, "lastModified": {"time": 1615443388097},
             "version": {"versionTag": "1", "metadataAttribution": {"time": 1615443388097, "actor": "urn:li:corpuser:datahub", "sourceDetail": {}}}}
            """,
            AspectJson.Serialize(new MlModelGroupProperties
            {
                CustomProperties = new Dictionary<string, string> { ["model_env"] = "test", ["model_id"] = "1" },
                Description = "This a test registered model",
                Created = new TimeStamp { Time = T },
                LastModified = new TimeStamp { Time = T },
                Version = new VersionTag { Tag = "1", MetadataAttribution = attribution },
            }));
        AssertSameJson(
            """
            {"customProperties": {"model_version_id": "1"}, "trainingJobs": ["urn:li:dataProcessInstance:2666299269d6ebea994d5ec0c29e3aca"],
             "created": {"time": 1615443388097}, "lastModified": {"time": 1615443388097},
             "hyperParams": [{"name": "p", "value": "1"}], "trainingMetrics": [{"name": "m", "value": "0.85"}],
             "tags": ["model_version_id:1"], "groups": ["urn:li:mlModelGroup:(urn:li:dataPlatform:mlflow,test-model,PROD)"]}
            """,
            AspectJson.Serialize(new MlModelProperties
            {
                CustomProperties = new Dictionary<string, string> { ["model_version_id"] = "1" },
                TrainingJobs = [RunUrn],
                Created = new TimeStamp { Time = T },
                LastModified = new TimeStamp { Time = T },
                HyperParams = [new MlHyperParam { Name = "p", Value = "1" }],
                TrainingMetrics = [new MlMetric { Name = "m", Value = "0.85" }],
                Tags = ["model_version_id:1"],
                Groups = [GroupUrn],
            }));
        AssertSameJson(
            """{"tags": [{"tag": "urn:li:tag:mlflow_archived"}]}""",
            AspectJson.Serialize(new GlobalTags { Tags = [new TagAssociation { Tag = DataHubUrns.Tag("mlflow_archived") }] }));
        AssertSameJson(
            """
            {"versionSet": "urn:li:versionSet:(658730e7177b283e4f94410fe4b41519,mlModel)",
             "version": {"versionTag": "1", "metadataAttribution": {"time": 1615443388097, "actor": "urn:li:corpuser:datahub", "sourceDetail": {}}},
             "aliases": [], "sortId": "0000000001", "versioningScheme": "LEXICOGRAPHIC_STRING"}
            """,
            AspectJson.Serialize(new VersionProperties
            {
                VersionSet = DataHubUrns.VersionSetForModel("test-model", "mlflow"),
                Version = new VersionTag { Tag = "1", MetadataAttribution = attribution },
                SortId = "0000000001",
            }));
    }

    [Fact]
    public void RunEvent_writes_enum_symbols_and_omits_unset_fields()
    {
        var json = AspectJson.Serialize(new DataProcessInstanceRunEvent
        {
            TimestampMillis = T,
            Status = DataProcessRunStatus.Complete,
            Result = new DataProcessInstanceRunResult { Type = RunResultType.UpForRetry, NativeResultType = "mlflow" },
            DurationMillis = 1200,
        });
        AssertSameJson(
            """{"timestampMillis": 1615443388097, "status": "COMPLETE", "result": {"type": "UP_FOR_RETRY", "nativeResultType": "mlflow"}, "durationMillis": 1200}""",
            json);
        Assert.DoesNotContain("null", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Aspects_round_trip_through_their_json_contract()
    {
        var original = new DataProcessInstanceInput { InputEdges = [new Edge { DestinationUrn = "urn:li:dataset:(urn:li:dataPlatform:s3,b/k,PROD)", Properties = new Dictionary<string, string> { ["role"] = "train" } }] };
        var back = AspectJson.Deserialize<DataProcessInstanceInput>(AspectJson.Serialize(original));
        Assert.Empty(back.Inputs);
        Assert.Equal("train", Assert.Single(back.InputEdges!).Properties!["role"]);
        Assert.Throws<JsonException>(() => AspectJson.Deserialize<TagProperties>("""{"description": "no name"}"""u8));
    }

    [Fact]
    public void Aspect_names_are_the_registry_names()
    {
        Assert.Equal("container", ContainerAspect.AspectName);
        Assert.Equal("mlTrainingRunProperties", MlTrainingRunProperties.AspectName);
        Assert.Equal("dataProcessInstanceRunEvent", DataProcessInstanceRunEvent.AspectName);
        Assert.True(AspectNames.Timeseries.Contains(DataProcessInstanceRunEvent.AspectName));
        Assert.False(AspectNames.Timeseries.Contains(MlModelProperties.AspectName));
    }
}
