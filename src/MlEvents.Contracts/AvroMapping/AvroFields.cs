// The members of these enums are the Avro field names of each record, in schema order: a member's value is the
// field's position in schemas/MlEvent.avsc (checked when MlEventAvro loads), and its name is what the
// layout of any other schema instance is resolved by.
#pragma warning disable CA1707, IDE1006
namespace MlEvents.Contracts.AvroMapping;

internal enum EnvelopeField { eventId, eventTime, platform, environment, actor, payload }

internal enum DatasetRefField { platform, name, environment, platformInstance }

internal enum ExperimentUpsertedField { experimentId, name, description, customProperties, externalUrl, createdAt, lastModifiedAt }

internal enum RunStartedField { runId, runName, experimentId, startTime, hyperParams, customProperties, externalUrl, inputDatasets }

internal enum RunFinishedField { runId, endTime, startTime, result, nativeResultType, metrics, hyperParams, outputUrls, outputDatasets, metricSteps, metricTimestamps }

internal enum ModelGroupUpsertedField { groupName, description, customProperties, externalUrl, createdAt, lastModifiedAt, trainingRunIds }

internal enum ModelRegisteredField
{
    modelName, version, groupName, runId, description, customProperties, trainingMetrics, hyperParams,
    externalUrl, createdAt, lastModifiedAt, tags, aliases, stage,
}

internal enum ModelStageChangedField { modelName, version, stage }

internal enum ModelAliasesChangedField { modelName, version, aliases }
