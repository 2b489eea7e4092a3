namespace MlEvents.Contracts;

/// <summary>
/// One lifecycle fact of a machine-learning training job: the envelope <c>io.mlevents.MlEvent</c>
/// of schemas/MlEvent.avsc with exactly one payload.
/// </summary>
public sealed record MlEvent
{
    public const string DefaultEnvironment = "PROD";

    /// <summary>Unique id of this event; a replay of the same fact reuses it (idempotence).</summary>
    public required string EventId { get; init; }

    /// <summary>When the fact happened, epoch milliseconds (UTC).</summary>
    public required long EventTime { get; init; }

    /// <summary>Source platform name as DataHub knows it (mlflow, sagemaker, ...).</summary>
    public required string Platform { get; init; }

    /// <summary>DataHub fabric (FabricType symbol), default PROD.</summary>
    public string Environment { get; init; } = DefaultEnvironment;

    /// <summary>User name or full DataHub actor URN; null means urn:li:corpuser:datahub.</summary>
    public string? Actor { get; init; }

    public required MlEventPayload Payload { get; init; }
}
