using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Patch;
using MlEvents.DataHub.Urns;

namespace MlEvents.Conversion.Tests.DataHub;

/// <summary>One MCP of every aspect this library emits, plus both PATCH body shapes.</summary>
internal static class SampleMcps
{
    public const long T = 1_700_000_000_000;
    public static readonly string Experiment = DataHubUrns.ExperimentContainer("churn-experiment", "mlflow");
    public static readonly string Run = DataHubUrns.DataProcessInstanceForRun("0a1b2c3d", "mlflow");
    public static readonly string Group = DataHubUrns.MlModelGroup("mlflow", "churn");
    public static readonly string Model = DataHubUrns.MlModel("mlflow", "churn_3");
    public static readonly string StageTag = DataHubUrns.Tag("mlflow_production");
    public static readonly string Dataset = DataHubUrns.Dataset("s3", "bucket/train.parquet");
    public static readonly SystemMetadata Metadata = new() { LastObserved = T, RunId = "mlevents-test" };

    public static IReadOnlyList<MetadataChangeProposal> All()
    {
        var attribution = new MetadataAttribution { Time = T, Actor = DataHubUrns.CorpUser("datahub") };
        return
        [
            Mcp.Upsert(StageTag, new TagProperties { Name = "mlflow_production", Description = "Production Stage", ColorHex = "#308613" }, Metadata),
            Mcp.Upsert(Experiment, new ContainerProperties { Name = "churn-experiment", Description = "Ünïcode & <html> \"quotes\"", CustomProperties = new Dictionary<string, string> { ["id"] = "7" } }, Metadata),
            Mcp.Upsert(Experiment, new SubTypes { TypeNames = ["ML Experiment"] }, Metadata),
            Mcp.Upsert(Experiment, new DataPlatformInstance { Platform = DataHubUrns.DataPlatform("mlflow") }, Metadata),
            Mcp.Upsert(Experiment, new BrowsePathsV2 { Path = [] }, Metadata),
            Mcp.Upsert(Experiment, new Status { Removed = false }, Metadata),
            Mcp.Upsert(Run, new DataProcessInstanceProperties { Name = "run-1", Type = DataProcessType.BatchAdHoc, Created = new AuditStamp { Time = T, Actor = DataHubUrns.CorpUser("alice") }, ExternalUrl = "https://mlflow.example.com/#/runs/0a1b2c3d" }, Metadata),
            Mcp.Upsert(Run, new ContainerAspect { ContainerUrn = Experiment }, Metadata),
            Mcp.Upsert(Run, new DataProcessInstanceRunEvent { TimestampMillis = T, Status = DataProcessRunStatus.Started }, Metadata),
            Mcp.Upsert(Run, new DataProcessInstanceRunEvent { TimestampMillis = T + 60_000, Status = DataProcessRunStatus.Complete, Result = new DataProcessInstanceRunResult { Type = RunResultType.Success, NativeResultType = "mlevents" }, DurationMillis = 60_000 }, Metadata),
            Mcp.Upsert(Run, new DataProcessInstanceInput { InputEdges = [new Edge { DestinationUrn = Dataset }] }, Metadata),
            Mcp.Upsert(Run, new DataProcessInstanceOutput { OutputEdges = [new Edge { DestinationUrn = Model, Created = new AuditStamp { Time = T, Actor = DataHubUrns.CorpUser("alice") } }] }, Metadata),
            Mcp.Upsert(Run, new MlTrainingRunProperties { Id = "0a1b2c3d", OutputUrls = ["s3://bucket/artifacts"], HyperParams = [new MlHyperParam { Name = "lr", Value = "0.1" }], TrainingMetrics = [new MlMetric { Name = "accuracy", Value = "0.93" }] }, Metadata),
            Mcp.Upsert(Group, new MlModelGroupProperties { Description = "Churn", Created = new TimeStamp { Time = T }, TrainingJobs = [Run], Version = new VersionTag { Tag = "3", MetadataAttribution = attribution } }, Metadata),
            Mcp.Upsert(Model, new MlModelProperties { Name = "churn", TrainingJobs = [Run], Groups = [Group], Tags = ["stage:Production"], Created = new TimeStamp { Time = T, Actor = DataHubUrns.CorpUser("alice") }, Version = new VersionTag { Tag = "3" } }, Metadata),
            Mcp.Upsert(Model, new VersionProperties { VersionSet = DataHubUrns.VersionSetForModel("churn", "mlflow"), Version = new VersionTag { Tag = "3", MetadataAttribution = attribution }, SortId = "0000000003", Aliases = [new VersionTag { Tag = "champion" }] }, Metadata),
            Mcp.Upsert(Model, new GlobalTags { Tags = [new TagAssociation { Tag = StageTag }] }, Metadata),
            Mcp.Patch(Run, MlTrainingRunProperties.AspectName, new GenericJsonPatchBuilder()
                .PutKeyed("trainingMetrics", "name", "loss", new MlMetric { Name = "loss", Value = "0.2" })
                .Build(), Metadata),
            Mcp.Patch(Model, GlobalTags.AspectName, [PatchOperation.Add(JsonPointer.Build("tags", StageTag), AspectJson.ToNode(new TagAssociation { Tag = StageTag }))], Metadata),
        ];
    }
}
