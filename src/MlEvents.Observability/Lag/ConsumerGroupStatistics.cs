namespace MlEvents.Observability.Lag;

/// <summary>The <c>cgrp</c> object of librdkafka's statistics (consumer instances only).</summary>
public sealed record ConsumerGroupStatistics(
    string State,
    string JoinState,
    long RebalanceCount,
    string RebalanceReason,
    int AssignmentSize);
