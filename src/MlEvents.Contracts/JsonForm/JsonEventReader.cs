using System.Text.Json;

namespace MlEvents.Contracts.JsonForm;

internal static class JsonEventReader
{
    private static readonly string[] EnvelopeFields = ["eventId", "eventTime", "platform", "environment", "actor", "type", "payload"];
    private static readonly string[] DatasetRefFields = ["platform", "name", "environment", "platformInstance"];

    private static readonly Dictionary<string, string[]> PayloadFields = new(StringComparer.Ordinal)
    {
        [nameof(ExperimentUpserted)] = ["experimentId", "name", "description", "customProperties", "externalUrl", "createdAt", "lastModifiedAt"],
        [nameof(RunStarted)] = ["runId", "runName", "experimentId", "startTime", "hyperParams", "customProperties", "externalUrl", "inputDatasets"],
        [nameof(RunFinished)] = ["runId", "endTime", "startTime", "result", "nativeResultType", "metrics", "hyperParams", "outputUrls", "outputDatasets", "metricSteps", "metricTimestamps"],
        [nameof(ModelGroupUpserted)] = ["groupName", "description", "customProperties", "externalUrl", "createdAt", "lastModifiedAt", "trainingRunIds"],
        [nameof(ModelRegistered)] =
        [
            "modelName", "version", "groupName", "runId", "description", "customProperties", "trainingMetrics", "hyperParams",
            "externalUrl", "createdAt", "lastModifiedAt", "tags", "aliases", "stage",
        ],
        [nameof(ModelStageChanged)] = ["modelName", "version", "stage"],
        [nameof(ModelAliasesChanged)] = ["modelName", "version", "aliases"],
    };

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary>Field names by payload type, in schema order (for tests and docs).</summary>
    public static IReadOnlyDictionary<string, string[]> PayloadFieldNames => PayloadFields;

    public static MlEvent Read(ReadOnlyMemory<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new EventFormatException("$", $"invalid JSON: {ex.Message}", ex);
        }
        using (document)
        {
            return Read(document.RootElement);
        }
    }

    public static MlEvent Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new EventFormatException("$", $"invalid JSON: {ex.Message}", ex);
        }
        using (document)
        {
            return Read(document.RootElement);
        }
    }

    public static MlEvent Read(JsonElement root)
    {
        var r = JsonObjectReader.Open(root, "$", "", EnvelopeFields);
        var eventId = r.RequiredString("eventId");
        var eventTime = r.RequiredLong("eventTime");
        var platform = r.RequiredString("platform");
        var environment = r.OptionalString("environment") ?? MlEvent.DefaultEnvironment;
        var actor = r.OptionalString("actor");
        var type = r.RequiredString("type");
        if (!PayloadFields.TryGetValue(type, out var fields))
        {
            throw new EventFormatException("type", $"unknown event type '{type}' (expected one of: {string.Join(", ", MlEventPayload.TypeNames)})");
        }
        var payload = JsonObjectReader.Open(r.Required("payload"), "payload", "payload.", fields);
        return new MlEvent
        {
            EventId = eventId,
            EventTime = eventTime,
            Platform = platform,
            Environment = environment,
            Actor = actor,
            Payload = ReadPayload(type, payload),
        };
    }

    private static MlEventPayload ReadPayload(string type, JsonObjectReader p) => type switch
    {
        nameof(ExperimentUpserted) => new ExperimentUpserted
        {
            ExperimentId = p.RequiredString("experimentId"),
            Name = p.OptionalString("name"),
            Description = p.OptionalString("description"),
            CustomProperties = p.StringMap("customProperties"),
            ExternalUrl = p.OptionalString("externalUrl"),
            CreatedAt = p.OptionalLong("createdAt"),
            LastModifiedAt = p.OptionalLong("lastModifiedAt"),
        },
        nameof(RunStarted) => new RunStarted
        {
            RunId = p.RequiredString("runId"),
            RunName = p.OptionalString("runName"),
            ExperimentId = p.OptionalString("experimentId"),
            StartTime = p.OptionalLong("startTime"),
            HyperParams = p.StringMap("hyperParams"),
            CustomProperties = p.StringMap("customProperties"),
            ExternalUrl = p.OptionalString("externalUrl"),
            InputDatasets = p.List("inputDatasets", ReadDataset),
        },
        nameof(RunFinished) => new RunFinished
        {
            RunId = p.RequiredString("runId"),
            EndTime = p.OptionalLong("endTime"),
            StartTime = p.OptionalLong("startTime"),
            Result = ReadResult(p),
            NativeResultType = p.OptionalString("nativeResultType"),
            Metrics = p.DoubleMap("metrics"),
            HyperParams = p.StringMap("hyperParams"),
            OutputUrls = p.StringList("outputUrls"),
            OutputDatasets = p.List("outputDatasets", ReadDataset),
            MetricSteps = p.LongMap("metricSteps"),
            MetricTimestamps = p.LongMap("metricTimestamps"),
        },
        nameof(ModelGroupUpserted) => new ModelGroupUpserted
        {
            GroupName = p.RequiredString("groupName"),
            Description = p.OptionalString("description"),
            CustomProperties = p.StringMap("customProperties"),
            ExternalUrl = p.OptionalString("externalUrl"),
            CreatedAt = p.OptionalLong("createdAt"),
            LastModifiedAt = p.OptionalLong("lastModifiedAt"),
            TrainingRunIds = p.StringList("trainingRunIds"),
        },
        nameof(ModelRegistered) => new ModelRegistered
        {
            ModelName = p.RequiredString("modelName"),
            Version = p.RequiredString("version"),
            GroupName = p.OptionalString("groupName"),
            RunId = p.OptionalString("runId"),
            Description = p.OptionalString("description"),
            CustomProperties = p.StringMap("customProperties"),
            TrainingMetrics = p.DoubleMap("trainingMetrics"),
            HyperParams = p.StringMap("hyperParams"),
            ExternalUrl = p.OptionalString("externalUrl"),
            CreatedAt = p.OptionalLong("createdAt"),
            LastModifiedAt = p.OptionalLong("lastModifiedAt"),
            Tags = p.StringList("tags"),
            Aliases = p.StringList("aliases"),
            Stage = p.OptionalString("stage"),
        },
        nameof(ModelStageChanged) => new ModelStageChanged
        {
            ModelName = p.RequiredString("modelName"),
            Version = p.RequiredString("version"),
            Stage = p.RequiredString("stage"),
        },
        nameof(ModelAliasesChanged) => new ModelAliasesChanged
        {
            ModelName = p.RequiredString("modelName"),
            Version = p.RequiredString("version"),
            Aliases = p.RequiredStringList("aliases"),
        },
        _ => throw new InvalidOperationException($"No reader for payload type {type}"),
    };

    private static RunResult ReadResult(JsonObjectReader p)
    {
        var symbol = p.RequiredString("result");
        return symbol switch
        {
            nameof(RunResult.SUCCESS) => RunResult.SUCCESS,
            nameof(RunResult.FAILURE) => RunResult.FAILURE,
            nameof(RunResult.SKIPPED) => RunResult.SKIPPED,
            nameof(RunResult.UP_FOR_RETRY) => RunResult.UP_FOR_RETRY,
            _ => throw new EventFormatException(p.PathOf("result"),
                $"unknown RunResult symbol '{symbol}' (expected one of: {string.Join(", ", Enum.GetNames<RunResult>())})"),
        };
    }

    private static DatasetRef ReadDataset(JsonElement element, string path)
    {
        var d = JsonObjectReader.Open(element, path, path + ".", DatasetRefFields);
        return new DatasetRef
        {
            Platform = d.RequiredString("platform"),
            Name = d.RequiredString("name"),
            Environment = d.OptionalString("environment"),
            PlatformInstance = d.OptionalString("platformInstance"),
        };
    }
}
