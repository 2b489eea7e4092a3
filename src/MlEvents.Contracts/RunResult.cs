namespace MlEvents.Contracts;

/// <summary>Outcome of a training run (DataHub RunResultType). Symbols match the Avro enum exactly.</summary>
public enum RunResult
{
    SUCCESS,
    FAILURE,
    SKIPPED,
    UP_FOR_RETRY,
}
