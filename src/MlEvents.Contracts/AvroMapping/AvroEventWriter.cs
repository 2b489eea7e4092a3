using Avro;
using Avro.Generic;

namespace MlEvents.Contracts.AvroMapping;

/// <summary>
/// <see cref="MlEvent"/> → GenericRecord of our own schema. Field positions are the enum values
/// (checked against the schema once, in <see cref="MlEventAvro"/>); branch schemas are resolved once.
/// </summary>
internal sealed class AvroEventWriter
{
    private readonly RecordSchema _envelope;
    private readonly RecordSchema _datasetRef;
    private readonly EnumSchema _runResult;
    private readonly Dictionary<string, RecordSchema> _payloads;

    public AvroEventWriter(RecordSchema envelope)
    {
        _envelope = envelope;
        var union = (UnionSchema)envelope[nameof(EnvelopeField.payload)].Schema;
        _payloads = union.Schemas.OfType<RecordSchema>().ToDictionary(s => s.Name, StringComparer.Ordinal);
        var runStarted = _payloads[nameof(RunStarted)];
        _datasetRef = (RecordSchema)((ArraySchema)runStarted[nameof(RunStartedField.inputDatasets)].Schema).ItemSchema;
        _runResult = (EnumSchema)_payloads[nameof(RunFinished)][nameof(RunFinishedField.result)].Schema;
    }

    public IReadOnlyDictionary<string, RecordSchema> PayloadSchemas => _payloads;

    public GenericRecord Write(MlEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var record = new GenericRecord(_envelope);
        record.Add((int)EnvelopeField.eventId, e.EventId);
        record.Add((int)EnvelopeField.eventTime, e.EventTime);
        record.Add((int)EnvelopeField.platform, e.Platform);
        record.Add((int)EnvelopeField.environment, e.Environment);
        record.Add((int)EnvelopeField.actor, e.Actor);
        record.Add((int)EnvelopeField.payload, WritePayload(e.Payload));
        return record;
    }

    private GenericRecord WritePayload(MlEventPayload payload)
    {
        var r = new GenericRecord(_payloads[payload.TypeName]);
        switch (payload)
        {
            case ExperimentUpserted p:
                r.Add((int)ExperimentUpsertedField.experimentId, p.ExperimentId);
                r.Add((int)ExperimentUpsertedField.name, p.Name);
                r.Add((int)ExperimentUpsertedField.description, p.Description);
                r.Add((int)ExperimentUpsertedField.customProperties, Map(p.CustomProperties));
                r.Add((int)ExperimentUpsertedField.externalUrl, p.ExternalUrl);
                r.Add((int)ExperimentUpsertedField.createdAt, p.CreatedAt);
                r.Add((int)ExperimentUpsertedField.lastModifiedAt, p.LastModifiedAt);
                break;
            case RunStarted p:
                r.Add((int)RunStartedField.runId, p.RunId);
                r.Add((int)RunStartedField.runName, p.RunName);
                r.Add((int)RunStartedField.experimentId, p.ExperimentId);
                r.Add((int)RunStartedField.startTime, p.StartTime);
                r.Add((int)RunStartedField.hyperParams, Map(p.HyperParams));
                r.Add((int)RunStartedField.customProperties, Map(p.CustomProperties));
                r.Add((int)RunStartedField.externalUrl, p.ExternalUrl);
                r.Add((int)RunStartedField.inputDatasets, Datasets(p.InputDatasets));
                break;
            case RunFinished p:
                r.Add((int)RunFinishedField.runId, p.RunId);
                r.Add((int)RunFinishedField.endTime, p.EndTime);
                r.Add((int)RunFinishedField.startTime, p.StartTime);
                r.Add((int)RunFinishedField.result, new GenericEnum(_runResult, p.Result.ToString()));
                r.Add((int)RunFinishedField.nativeResultType, p.NativeResultType);
                r.Add((int)RunFinishedField.metrics, Map(p.Metrics));
                r.Add((int)RunFinishedField.hyperParams, Map(p.HyperParams));
                r.Add((int)RunFinishedField.outputUrls, List(p.OutputUrls));
                r.Add((int)RunFinishedField.outputDatasets, Datasets(p.OutputDatasets));
                r.Add((int)RunFinishedField.metricSteps, Map(p.MetricSteps));
                r.Add((int)RunFinishedField.metricTimestamps, Map(p.MetricTimestamps));
                break;
            case ModelGroupUpserted p:
                r.Add((int)ModelGroupUpsertedField.groupName, p.GroupName);
                r.Add((int)ModelGroupUpsertedField.description, p.Description);
                r.Add((int)ModelGroupUpsertedField.customProperties, Map(p.CustomProperties));
                r.Add((int)ModelGroupUpsertedField.externalUrl, p.ExternalUrl);
                r.Add((int)ModelGroupUpsertedField.createdAt, p.CreatedAt);
                r.Add((int)ModelGroupUpsertedField.lastModifiedAt, p.LastModifiedAt);
                r.Add((int)ModelGroupUpsertedField.trainingRunIds, List(p.TrainingRunIds));
                break;
            case ModelRegistered p:
                r.Add((int)ModelRegisteredField.modelName, p.ModelName);
                r.Add((int)ModelRegisteredField.version, p.Version);
                r.Add((int)ModelRegisteredField.groupName, p.GroupName);
                r.Add((int)ModelRegisteredField.runId, p.RunId);
                r.Add((int)ModelRegisteredField.description, p.Description);
                r.Add((int)ModelRegisteredField.customProperties, Map(p.CustomProperties));
                r.Add((int)ModelRegisteredField.trainingMetrics, Map(p.TrainingMetrics));
                r.Add((int)ModelRegisteredField.hyperParams, Map(p.HyperParams));
                r.Add((int)ModelRegisteredField.externalUrl, p.ExternalUrl);
                r.Add((int)ModelRegisteredField.createdAt, p.CreatedAt);
                r.Add((int)ModelRegisteredField.lastModifiedAt, p.LastModifiedAt);
                r.Add((int)ModelRegisteredField.tags, List(p.Tags));
                r.Add((int)ModelRegisteredField.aliases, List(p.Aliases));
                r.Add((int)ModelRegisteredField.stage, p.Stage);
                break;
            case ModelStageChanged p:
                r.Add((int)ModelStageChangedField.modelName, p.ModelName);
                r.Add((int)ModelStageChangedField.version, p.Version);
                r.Add((int)ModelStageChangedField.stage, p.Stage);
                break;
            case ModelAliasesChanged p:
                r.Add((int)ModelAliasesChangedField.modelName, p.ModelName);
                r.Add((int)ModelAliasesChangedField.version, p.Version);
                r.Add((int)ModelAliasesChangedField.aliases, List(p.Aliases));
                break;
            default:
                throw new ArgumentException($"Unsupported payload type {payload.GetType().Name}", nameof(payload));
        }
        return r;
    }

    private static Dictionary<string, object> Map<TValue>(IReadOnlyDictionary<string, TValue> map) where TValue : notnull
    {
        var result = new Dictionary<string, object>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            result.Add(key, value);
        }
        return result;
    }

    private static object[] List(IReadOnlyList<string> list)
    {
        if (list.Count == 0) return [];
        var result = new object[list.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = list[i];
        }
        return result;
    }

    private object[] Datasets(IReadOnlyList<DatasetRef> datasets)
    {
        if (datasets.Count == 0) return [];
        var result = new object[datasets.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var d = datasets[i];
            var r = new GenericRecord(_datasetRef);
            r.Add((int)DatasetRefField.platform, d.Platform);
            r.Add((int)DatasetRefField.name, d.Name);
            r.Add((int)DatasetRefField.environment, d.Environment);
            r.Add((int)DatasetRefField.platformInstance, d.PlatformInstance);
            result[i] = r;
        }
        return result;
    }
}
