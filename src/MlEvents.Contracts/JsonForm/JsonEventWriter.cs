using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MlEvents.Contracts.JsonForm;

/// <summary>Writes the documented compact JSON form: envelope, "type", "payload"; null and empty optionals omitted.</summary>
internal static class JsonEventWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Keeps non-ASCII names readable; the output is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static void Write(MlEvent e, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var w = new Utf8JsonWriter(output, Options);
        w.WriteStartObject();
        w.WriteString("eventId", e.EventId);
        w.WriteNumber("eventTime", e.EventTime);
        w.WriteString("platform", e.Platform);
        w.WriteString("environment", e.Environment);
        Optional(w, "actor", e.Actor);
        w.WriteString("type", e.Payload.TypeName);
        w.WritePropertyName("payload");
        WritePayload(w, e.Payload);
        w.WriteEndObject();
    }

    private static void WritePayload(Utf8JsonWriter w, MlEventPayload payload)
    {
        w.WriteStartObject();
        switch (payload)
        {
            case ExperimentUpserted p:
                w.WriteString("experimentId", p.ExperimentId);
                Optional(w, "name", p.Name);
                Optional(w, "description", p.Description);
                Map(w, "customProperties", p.CustomProperties);
                Optional(w, "externalUrl", p.ExternalUrl);
                Optional(w, "createdAt", p.CreatedAt);
                Optional(w, "lastModifiedAt", p.LastModifiedAt);
                break;
            case RunStarted p:
                w.WriteString("runId", p.RunId);
                Optional(w, "runName", p.RunName);
                Optional(w, "experimentId", p.ExperimentId);
                Optional(w, "startTime", p.StartTime);
                Map(w, "hyperParams", p.HyperParams);
                Map(w, "customProperties", p.CustomProperties);
                Optional(w, "externalUrl", p.ExternalUrl);
                Datasets(w, "inputDatasets", p.InputDatasets);
                break;
            case RunFinished p:
                w.WriteString("runId", p.RunId);
                Optional(w, "endTime", p.EndTime);
                Optional(w, "startTime", p.StartTime);
                w.WriteString("result", p.Result.ToString());
                Optional(w, "nativeResultType", p.NativeResultType);
                Map(w, "metrics", p.Metrics);
                Map(w, "hyperParams", p.HyperParams);
                List(w, "outputUrls", p.OutputUrls);
                Datasets(w, "outputDatasets", p.OutputDatasets);
                Map(w, "metricSteps", p.MetricSteps);
                Map(w, "metricTimestamps", p.MetricTimestamps);
                break;
            case ModelGroupUpserted p:
                w.WriteString("groupName", p.GroupName);
                Optional(w, "description", p.Description);
                Map(w, "customProperties", p.CustomProperties);
                Optional(w, "externalUrl", p.ExternalUrl);
                Optional(w, "createdAt", p.CreatedAt);
                Optional(w, "lastModifiedAt", p.LastModifiedAt);
                List(w, "trainingRunIds", p.TrainingRunIds);
                break;
            case ModelRegistered p:
                w.WriteString("modelName", p.ModelName);
                w.WriteString("version", p.Version);
                Optional(w, "groupName", p.GroupName);
                Optional(w, "runId", p.RunId);
                Optional(w, "description", p.Description);
                Map(w, "customProperties", p.CustomProperties);
                Map(w, "trainingMetrics", p.TrainingMetrics);
                Map(w, "hyperParams", p.HyperParams);
                Optional(w, "externalUrl", p.ExternalUrl);
                Optional(w, "createdAt", p.CreatedAt);
                Optional(w, "lastModifiedAt", p.LastModifiedAt);
                List(w, "tags", p.Tags);
                List(w, "aliases", p.Aliases);
                Optional(w, "stage", p.Stage);
                break;
            case ModelStageChanged p:
                w.WriteString("modelName", p.ModelName);
                w.WriteString("version", p.Version);
                w.WriteString("stage", p.Stage);
                break;
            case ModelAliasesChanged p:
                w.WriteString("modelName", p.ModelName);
                w.WriteString("version", p.Version);
                // Always written: an empty list here is a fact ("no aliases any more"), not an omitted default.
                w.WriteStartArray("aliases");
                foreach (var alias in p.Aliases) w.WriteStringValue(alias);
                w.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"Unsupported payload type {payload.GetType().Name}", nameof(payload));
        }
        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }

    private static void Optional(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
    }

    private static void Map(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0) return;
        w.WriteStartObject(name);
        foreach (var (key, value) in map) w.WriteString(key, value);
        w.WriteEndObject();
    }

    private static void Map(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, double> map)
    {
        if (map.Count == 0) return;
        w.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            if (double.IsFinite(value))
            {
                w.WriteNumber(key, value);
            }
            else
            {
                // JSON numbers cannot hold these; the reader accepts the same literals (and validation rejects them).
                w.WriteString(key, double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
            }
        }
        w.WriteEndObject();
    }

    private static void Map(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, long> map)
    {
        if (map.Count == 0) return;
        w.WriteStartObject(name);
        foreach (var (key, value) in map) w.WriteNumber(key, value);
        w.WriteEndObject();
    }

    private static void List(Utf8JsonWriter w, string name, IReadOnlyList<string> list)
    {
        if (list.Count == 0) return;
        w.WriteStartArray(name);
        foreach (var item in list) w.WriteStringValue(item);
        w.WriteEndArray();
    }

    private static void Datasets(Utf8JsonWriter w, string name, IReadOnlyList<DatasetRef> datasets)
    {
        if (datasets.Count == 0) return;
        w.WriteStartArray(name);
        foreach (var d in datasets)
        {
            w.WriteStartObject();
            w.WriteString("platform", d.Platform);
            w.WriteString("name", d.Name);
            Optional(w, "environment", d.Environment);
            Optional(w, "platformInstance", d.PlatformInstance);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
