namespace MlEvents.Contracts.AvroMapping;

/// <summary>Which of our records an Avro record schema is (by full name).</summary>
internal enum RecordKind
{
    Unknown,
    Envelope,
    DatasetRef,
    ExperimentUpserted,
    RunStarted,
    RunFinished,
    ModelGroupUpserted,
    ModelRegistered,
    ModelStageChanged,
    ModelAliasesChanged,
    RunUpdated,
}
