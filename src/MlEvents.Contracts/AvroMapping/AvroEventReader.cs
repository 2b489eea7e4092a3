using Avro.Generic;

namespace MlEvents.Contracts.AvroMapping;

/// <summary>GenericRecord (resolved against any reader schema with our record names) → <see cref="MlEvent"/>.</summary>
internal static class AvroEventReader
{
    public static MlEvent Read(GenericRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var layout = FieldLayout.Of(record.Schema);
        if (layout.Kind != RecordKind.Envelope)
        {
            throw new EventFormatException("$", $"expected an {FieldLayout.Namespace}.MlEvent record, got {record.Schema.Fullname}");
        }
        var r = new AvroRecordReader(record, layout, "");
        return new MlEvent
        {
            EventId = r.RequiredString((int)EnvelopeField.eventId),
            EventTime = r.RequiredLong((int)EnvelopeField.eventTime),
            Platform = r.RequiredString((int)EnvelopeField.platform),
            Environment = r.OptionalString((int)EnvelopeField.environment) ?? MlEvent.DefaultEnvironment,
            Actor = r.OptionalString((int)EnvelopeField.actor),
            Payload = ReadPayload(r.RequiredRecord((int)EnvelopeField.payload)),
        };
    }

    private static MlEventPayload ReadPayload(GenericRecord record)
    {
        var layout = FieldLayout.Of(record.Schema);
        var r = new AvroRecordReader(record, layout, "payload.");
        return layout.Kind switch
        {
            RecordKind.ExperimentUpserted => new ExperimentUpserted
            {
                ExperimentId = r.RequiredString((int)ExperimentUpsertedField.experimentId),
                Name = r.OptionalString((int)ExperimentUpsertedField.name),
                Description = r.OptionalString((int)ExperimentUpsertedField.description),
                CustomProperties = r.StringMap((int)ExperimentUpsertedField.customProperties),
                ExternalUrl = r.OptionalString((int)ExperimentUpsertedField.externalUrl),
                CreatedAt = r.OptionalLong((int)ExperimentUpsertedField.createdAt),
                LastModifiedAt = r.OptionalLong((int)ExperimentUpsertedField.lastModifiedAt),
            },
            RecordKind.RunStarted => new RunStarted
            {
                RunId = r.RequiredString((int)RunStartedField.runId),
                RunName = r.OptionalString((int)RunStartedField.runName),
                ExperimentId = r.OptionalString((int)RunStartedField.experimentId),
                StartTime = r.OptionalLong((int)RunStartedField.startTime),
                HyperParams = r.StringMap((int)RunStartedField.hyperParams),
                CustomProperties = r.StringMap((int)RunStartedField.customProperties),
                ExternalUrl = r.OptionalString((int)RunStartedField.externalUrl),
                InputDatasets = r.Datasets((int)RunStartedField.inputDatasets),
            },
            RecordKind.RunFinished => new RunFinished
            {
                RunId = r.RequiredString((int)RunFinishedField.runId),
                EndTime = r.OptionalLong((int)RunFinishedField.endTime),
                StartTime = r.OptionalLong((int)RunFinishedField.startTime),
                Result = r.Result((int)RunFinishedField.result),
                NativeResultType = r.OptionalString((int)RunFinishedField.nativeResultType),
                Metrics = r.DoubleMap((int)RunFinishedField.metrics),
                HyperParams = r.StringMap((int)RunFinishedField.hyperParams),
                OutputUrls = r.StringList((int)RunFinishedField.outputUrls),
                OutputDatasets = r.Datasets((int)RunFinishedField.outputDatasets),
                MetricSteps = r.LongMap((int)RunFinishedField.metricSteps),
                MetricTimestamps = r.LongMap((int)RunFinishedField.metricTimestamps),
            },
            RecordKind.ModelGroupUpserted => new ModelGroupUpserted
            {
                GroupName = r.RequiredString((int)ModelGroupUpsertedField.groupName),
                Description = r.OptionalString((int)ModelGroupUpsertedField.description),
                CustomProperties = r.StringMap((int)ModelGroupUpsertedField.customProperties),
                ExternalUrl = r.OptionalString((int)ModelGroupUpsertedField.externalUrl),
                CreatedAt = r.OptionalLong((int)ModelGroupUpsertedField.createdAt),
                LastModifiedAt = r.OptionalLong((int)ModelGroupUpsertedField.lastModifiedAt),
                TrainingRunIds = r.StringList((int)ModelGroupUpsertedField.trainingRunIds),
            },
            RecordKind.ModelRegistered => new ModelRegistered
            {
                ModelName = r.RequiredString((int)ModelRegisteredField.modelName),
                Version = r.RequiredString((int)ModelRegisteredField.version),
                GroupName = r.OptionalString((int)ModelRegisteredField.groupName),
                RunId = r.OptionalString((int)ModelRegisteredField.runId),
                Description = r.OptionalString((int)ModelRegisteredField.description),
                CustomProperties = r.StringMap((int)ModelRegisteredField.customProperties),
                TrainingMetrics = r.DoubleMap((int)ModelRegisteredField.trainingMetrics),
                HyperParams = r.StringMap((int)ModelRegisteredField.hyperParams),
                ExternalUrl = r.OptionalString((int)ModelRegisteredField.externalUrl),
                CreatedAt = r.OptionalLong((int)ModelRegisteredField.createdAt),
                LastModifiedAt = r.OptionalLong((int)ModelRegisteredField.lastModifiedAt),
                Tags = r.StringList((int)ModelRegisteredField.tags),
                Aliases = r.StringList((int)ModelRegisteredField.aliases),
                Stage = r.OptionalString((int)ModelRegisteredField.stage),
            },
            RecordKind.ModelStageChanged => new ModelStageChanged
            {
                ModelName = r.RequiredString((int)ModelStageChangedField.modelName),
                Version = r.RequiredString((int)ModelStageChangedField.version),
                Stage = r.RequiredString((int)ModelStageChangedField.stage),
            },
            RecordKind.ModelAliasesChanged => new ModelAliasesChanged
            {
                ModelName = r.RequiredString((int)ModelAliasesChangedField.modelName),
                Version = r.RequiredString((int)ModelAliasesChangedField.version),
                Aliases = r.RequiredStringList((int)ModelAliasesChangedField.aliases),
            },
            _ => throw new EventFormatException("payload", $"unknown payload type {record.Schema.Fullname}"),
        };
    }
}
