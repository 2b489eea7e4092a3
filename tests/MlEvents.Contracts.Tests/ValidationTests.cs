namespace MlEvents.Contracts.Tests;

public class ValidationTests
{
    private static readonly MlEvent Experiment = TestEvents.Full().Single(e => e.Payload is ExperimentUpserted);
    private static readonly MlEvent Started = TestEvents.Full().Single(e => e.Payload is RunStarted);
    private static readonly MlEvent Finished = TestEvents.Full().Single(e => e.Payload is RunFinished);
    private static readonly MlEvent Group = TestEvents.Full().Single(e => e.Payload is ModelGroupUpserted);
    private static readonly MlEvent Registered = TestEvents.Full().Single(e => e.Payload is ModelRegistered);
    private static readonly MlEvent StageChanged = TestEvents.Full().Single(e => e.Payload is ModelStageChanged);
    private static readonly MlEvent AliasesChanged = TestEvents.Full().Single(e => e.Payload is ModelAliasesChanged);
    private static readonly MlEvent Updated = TestEvents.Full().Single(e => e.Payload is RunUpdated);

    private static MlEvent WithRunStarted(Func<RunStarted, RunStarted> change) => Started with { Payload = change((RunStarted)Started.Payload) };
    private static MlEvent WithRunFinished(Func<RunFinished, RunFinished> change) => Finished with { Payload = change((RunFinished)Finished.Payload) };
    private static MlEvent WithRunUpdated(Func<RunUpdated, RunUpdated> change) => Updated with { Payload = change((RunUpdated)Updated.Payload) };
    private static MlEvent WithRegistered(Func<ModelRegistered, ModelRegistered> change) => Registered with { Payload = change((ModelRegistered)Registered.Payload) };

    private static Dictionary<string, string> ManyProperties(int count) => Enumerable.Range(0, count).ToDictionary(i => $"k{i}", i => "v");

    // name → (invalid event, expected field, expected words of the reason)
    private static readonly Dictionary<string, (MlEvent Event, string Field, string Reason)> Cases = new()
    {
        ["empty eventId"] = (Started with { EventId = "" }, "eventId", "required"),
        ["whitespace eventId"] = (Started with { EventId = " \t" }, "eventId", "must not be empty or whitespace"),
        ["control char in eventId"] = (Started with { EventId = "a\u0000b" }, "eventId", "control character U+0000"),
        ["eventId too long"] = (Started with { EventId = new string('x', EventLimits.MaxIdLength + 1) }, "eventId", "more than the limit of 512"),
        ["eventTime in seconds"] = (Started with { EventTime = 1_700_000_000 }, "eventTime", "looks like seconds"),
        ["eventTime negative"] = (Started with { EventTime = -1 }, "eventTime", "negative"),
        ["eventTime in microseconds"] = (Started with { EventTime = 1_700_000_000_000_000 }, "eventTime", "looks like microseconds"),
        ["eventTime far future"] = (Started with { EventTime = EventLimits.MaxEpochMillis }, "eventTime", "too far in the future"),
        ["platform with colon"] = (Started with { Platform = "ml:flow" }, "platform", "not a platform name"),
        ["platform with space"] = (Started with { Platform = "my platform" }, "platform", "not a platform name"),
        ["platform empty"] = (Started with { Platform = "" }, "platform", "required"),
        ["environment lower-case"] = (Started with { Environment = "prod" }, "environment", "not a DataHub FabricType"),
        ["environment unknown"] = (Started with { Environment = "PRODUCTION" }, "environment", "not a DataHub FabricType"),
        ["actor whitespace"] = (Started with { Actor = " " }, "actor", "must not be empty"),
        ["experimentId empty"] = (Experiment with { Payload = new ExperimentUpserted { ExperimentId = "" } }, "payload.experimentId", "required"),
        ["experiment description too big"] = (Experiment with { Payload = new ExperimentUpserted { ExperimentId = "e", Description = new string('é', EventLimits.MaxDescriptionBytes / 2 + 1) } }, "payload.description", "more than the limit of 65536"),
        ["experiment name too long"] = (Experiment with { Payload = new ExperimentUpserted { ExperimentId = "e", Name = new string('n', EventLimits.MaxNameLength + 1) } }, "payload.name", "more than the limit of 1024"),
        ["experiment createdAt in seconds"] = (Experiment with { Payload = new ExperimentUpserted { ExperimentId = "e", CreatedAt = 1_700_000_000 } }, "payload.createdAt", "looks like seconds"),
        ["too many custom properties"] = (Experiment with { Payload = new ExperimentUpserted { ExperimentId = "e", CustomProperties = ManyProperties(EventLimits.MaxCollectionItems + 1) } }, "payload.customProperties", "more than the limit of 1000"),
        ["relative externalUrl"] = (Experiment with { Payload = new ExperimentUpserted { ExperimentId = "e", ExternalUrl = "/experiments/1" } }, "payload.externalUrl", "not an absolute URL"),
        ["runId whitespace"] = (WithRunStarted(p => p with { RunId = "  " }), "payload.runId", "must not be empty or whitespace"),
        ["runId with newline"] = (WithRunStarted(p => p with { RunId = "run\n1" }), "payload.runId", "control character U+000A"),
        ["runId unpaired surrogate"] = (WithRunStarted(p => p with { RunId = "run\ud800" }), "payload.runId", "unpaired UTF-16 surrogate"),
        ["hyper-parameter value too big"] = (WithRunStarted(p => p with { HyperParams = new Dictionary<string, string> { ["lr"] = new string('1', EventLimits.MaxPropertyValueBytes + 1) } }), "payload.hyperParams.lr", "more than the limit of 16384"),
        ["hyper-parameter empty key"] = (WithRunStarted(p => p with { HyperParams = new Dictionary<string, string> { [""] = "1" } }), "payload.hyperParams.", "key must not be empty"),
        ["dataset name missing"] = (WithRunStarted(p => p with { InputDatasets = [p.InputDatasets[0], new DatasetRef { Platform = "s3", Name = "" }] }), "payload.inputDatasets[1].name", "required"),
        ["dataset platform invalid"] = (WithRunStarted(p => p with { InputDatasets = [new DatasetRef { Platform = "s 3", Name = "a" }] }), "payload.inputDatasets[0].platform", "not a platform name"),
        ["dataset environment invalid"] = (WithRunStarted(p => p with { InputDatasets = [new DatasetRef { Platform = "s3", Name = "a", Environment = "Prod" }] }), "payload.inputDatasets[0].environment", "not a DataHub FabricType"),
        ["update without runId"] = (WithRunUpdated(p => p with { RunId = " " }), "payload.runId", "must not be empty or whitespace"),
        ["update metric NaN"] = (WithRunUpdated(p => p with { Metrics = new Dictionary<string, double> { ["loss"] = double.NaN } }), "payload.metrics.loss", "must be finite"),
        ["update relative output url"] = (WithRunUpdated(p => p with { OutputUrls = ["output/model"] }), "payload.outputUrls[0]", "absolute"),
        ["update too many properties"] = (WithRunUpdated(p => p with { CustomProperties = ManyProperties(EventLimits.MaxCollectionItems + 1) }), "payload.customProperties", "has 1001 entries"),
        ["finish property value too big"] = (WithRunFinished(p => p with { CustomProperties = new Dictionary<string, string> { ["k"] = new string('x', EventLimits.MaxPropertyValueBytes + 1) } }), "payload.customProperties.k", "16385 UTF-8 bytes"),
        ["metric NaN"] = (WithRunFinished(p => p with { Metrics = new Dictionary<string, double> { ["loss"] = double.NaN } }), "payload.metrics.loss", "must be finite"),
        ["metric infinite"] = (WithRunFinished(p => p with { Metrics = new Dictionary<string, double> { ["loss"] = double.NegativeInfinity } }), "payload.metrics.loss", "is -Infinity"),
        ["step of no metric"] = (WithRunFinished(p => p with { MetricSteps = new Dictionary<string, long> { ["nope"] = 1 } }), "payload.metricSteps.nope", "names no metric"),
        ["metric time in seconds"] = (WithRunFinished(p => p with { MetricTimestamps = new Dictionary<string, long> { ["loss"] = 1_700_000_000 } }), "payload.metricTimestamps.loss", "looks like seconds"),
        ["end before start"] = (WithRunFinished(p => p with { StartTime = TestEvents.T0, EndTime = TestEvents.T0 - 1 }), "payload.endTime", "before startTime"),
        ["undefined result value"] = (WithRunFinished(p => p with { Result = (RunResult)42 }), "payload.result", "not a RunResult symbol"),
        ["output url without scheme"] = (WithRunFinished(p => p with { OutputUrls = ["s3://ok", "bucket/output"] }), "payload.outputUrls[1]", "not an absolute URL"),
        ["duplicate training run"] = (Group with { Payload = new ModelGroupUpserted { GroupName = "g", TrainingRunIds = ["r1", "r1"] } }, "payload.trainingRunIds[1]", "duplicate value 'r1'"),
        ["empty training run id"] = (Group with { Payload = new ModelGroupUpserted { GroupName = "g", TrainingRunIds = [""] } }, "payload.trainingRunIds[0]", "required"),
        ["model version empty"] = (WithRegistered(p => p with { Version = "" }), "payload.version", "required"),
        ["duplicate alias"] = (WithRegistered(p => p with { Aliases = ["champion", "champion"] }), "payload.aliases[1]", "duplicate value 'champion'"),
        ["empty tag"] = (WithRegistered(p => p with { Tags = ["ok", " "] }), "payload.tags[1]", "must not be empty"),
        ["training metric NaN"] = (WithRegistered(p => p with { TrainingMetrics = new Dictionary<string, double> { ["acc"] = double.NaN } }), "payload.trainingMetrics.acc", "must be finite"),
        ["registered stage empty"] = (WithRegistered(p => p with { Stage = "" }), "payload.stage", "must not be empty"),
        ["stage empty"] = (StageChanged with { Payload = new ModelStageChanged { ModelName = "m", Version = "1", Stage = " " } }, "payload.stage", "must not be empty"),
        ["aliases changed duplicate"] = (AliasesChanged with { Payload = new ModelAliasesChanged { ModelName = "m", Version = "1", Aliases = ["a", "b", "a"] } }, "payload.aliases[2]", "duplicate value 'a'"),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Rule_names_the_field_and_the_reason(string caseName)
    {
        var (invalid, field, reason) = Cases[caseName];

        var error = Assert.Single(MlEventValidator.Validate(invalid));

        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason);
    }

    [Theory]
    [MemberData(nameof(TestEvents.AllData), MemberType = typeof(TestEvents))]
    public void Well_formed_events_are_valid(MlEvent valid) => Assert.Empty(MlEventValidator.Validate(valid));

    [Theory]
    [InlineData("run,(1)")]
    [InlineData("训练运行-ü-✈")]
    [InlineData("a/b:c d")]
    public void Ids_may_hold_reserved_urn_characters_and_unicode(string runId)
    {
        Assert.Empty(MlEventValidator.Validate(WithRunStarted(p => p with { RunId = runId })));
    }

    [Fact]
    public void Limits_are_inclusive()
    {
        var atLimits = WithRunStarted(p => p with
        {
            RunId = new string('r', EventLimits.MaxIdLength),
            RunName = new string('n', EventLimits.MaxNameLength),
            HyperParams = ManyProperties(EventLimits.MaxCollectionItems),
            CustomProperties = new Dictionary<string, string> { ["big"] = new string('v', EventLimits.MaxPropertyValueBytes) },
        }) with
        { EventTime = EventLimits.MinEpochMillis };

        Assert.Empty(MlEventValidator.Validate(atLimits));
    }

    [Fact]
    public void Every_error_is_reported_in_field_order()
    {
        var bad = Started with { EventId = "", Platform = "a b", Payload = new RunStarted { RunId = "" } };

        Assert.Equal(["eventId", "platform", "payload.runId"], MlEventValidator.Validate(bad).Select(e => e.Field));
    }

    [Fact]
    public void ThrowIfInvalid_lists_every_field_and_reason()
    {
        var bad = Started with { EventId = "", EventTime = 1_700_000_000 };

        var ex = Assert.Throws<EventValidationException>(() => MlEventValidator.ThrowIfInvalid(bad));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains("eventId: is required", ex.Message);
        Assert.Contains("eventTime: 1700000000 looks like seconds", ex.Message);
    }

    [Fact]
    public void ThrowIfInvalid_accepts_a_valid_event() => MlEventValidator.ThrowIfInvalid(Started);
}
