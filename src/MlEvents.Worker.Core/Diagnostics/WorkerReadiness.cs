using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using MlEvents.Observability.Health;

namespace MlEvents.Worker.Diagnostics;

/// <summary>
/// The worker's readiness signals (each one a <c>ready</c> health check behind <c>/readyz</c>), set by the pipeline as
/// things happen. The stall check (lag growing while no offset moves) is a separate check fed by the lag tracker.
/// </summary>
public sealed class WorkerReadiness(
    [FromKeyedServices(WorkerReadiness.KafkaAssigned)] ReadinessSignal assigned,
    [FromKeyedServices(WorkerReadiness.ProducerDelivering)] ReadinessSignal delivering,
    [FromKeyedServices(WorkerReadiness.SchemaRegistryReachable)] ReadinessSignal registry,
    [FromKeyedServices(WorkerReadiness.DeadLetterWritable)] ReadinessSignal deadLetters,
    [FromKeyedServices(WorkerReadiness.GmsReachable)] ReadinessSignal? gms = null)
{
    /// <summary>REST sink only: not ready while requests to GMS fail (unreachable, 5xx, 429, 401/403); ready again with the next accepted request.</summary>
    public const string GmsReachable = "datahub-gms-reachable";

    /// <summary>Not ready after an event was skipped because even its minimal dead-letter record was refused; ready again with the next acknowledged dead-letter record.</summary>
    public const string DeadLetterWritable = "dead-letter-writable";

    /// <summary>Not ready until the group gave this member an assignment (possibly empty when there are more members than partitions).</summary>
    public const string KafkaAssigned = "kafka-assigned";

    /// <summary>Not ready after a delivery report with an error, ready again with the next successful one.</summary>
    public const string ProducerDelivering = "producer-delivering";

    /// <summary>Not ready while translations fail with a transient schema-registry error, ready again after the next successful translation.</summary>
    public const string SchemaRegistryReachable = "schema-registry-reachable";

    // Each flag mirrors its signal's state and changes only together with it, under that flag's lock: a flag set
    // apart from its signal could end "not failing" while the signal says NotReady, and no later success would fix it.
    private readonly Lock _deliveryLock = new();
    private readonly Lock _registryLock = new();
    private readonly Lock _deadLetterLock = new();
    private readonly Lock _gmsLock = new();
    private volatile bool _gmsFailing;
    private volatile bool _deliveryFailing;
    private volatile bool _registryFailing;
    private volatile bool _deadLetterFailing;

    public ReadinessSignal Assigned { get; } = assigned;

    public ReadinessSignal Delivering { get; } = delivering;

    public ReadinessSignal Registry { get; } = registry;

    public ReadinessSignal DeadLetters { get; } = deadLetters;

    /// <summary>Null unless the REST sink is configured.</summary>
    public ReadinessSignal? Gms { get; } = gms;

    /// <summary>A request to GMS failed for a reason that is not the event's (down, 5xx, 429, token refused).</summary>
    public void GmsFailed(string description)
    {
        if (Gms is null)
        {
            return;
        }

        lock (_gmsLock)
        {
            Gms.SetNotReady(InputText.Escape(description, InputText.LogLimit));
            _gmsFailing = true;
        }
    }

    /// <summary>Hot path (every answered request): only writes when the state changes.</summary>
    public void GmsAnswered()
    {
        if (!_gmsFailing || Gms is null)
        {
            return;
        }

        lock (_gmsLock)
        {
            if (_gmsFailing)
            {
                Gms.SetReady("GMS accepts requests");
                _gmsFailing = false;
            }
        }
    }

    public void EventSkipped(string topic, int partition, long offset)
    {
        lock (_deadLetterLock)
        {
            DeadLetters.SetNotReady($"{topic}[{partition}]@{offset} skipped: its dead-letter record was refused as too large (see log event 126)");
            _deadLetterFailing = true;
        }
    }

    public void DeadLetterDelivered()
    {
        if (!_deadLetterFailing)
        {
            return;
        }

        lock (_deadLetterLock)
        {
            if (_deadLetterFailing)
            {
                DeadLetters.SetReady("dead-letter records are acknowledged");
                _deadLetterFailing = false;
            }
        }
    }

    public void PartitionsAssigned(int total) => Assigned.SetReady($"{total} partition(s) assigned");

    public void PartitionsLost() => Assigned.SetNotReady("partitions lost; rejoining the consumer group");

    public void Stopping() => Assigned.SetNotReady("worker stopping");

    /// <summary>Hot path (every acknowledged record): only writes when the state changes.</summary>
    public void DeliverySucceeded()
    {
        if (!_deliveryFailing)
        {
            return;
        }

        lock (_deliveryLock)
        {
            if (_deliveryFailing)
            {
                Delivering.SetReady("deliveries succeed");
                _deliveryFailing = false;
            }
        }
    }

    /// <summary>A record too large for the broker is that record's problem (it is dead-lettered), not the producer's.</summary>
    public void DeliveryFailed(Error error)
    {
        if (error.Code == ErrorCode.MsgSizeTooLarge)
        {
            return;
        }

        lock (_deliveryLock)
        {
            Delivering.SetNotReady($"delivery failed: {error.Code} {error.Reason}");
            _deliveryFailing = true;
        }
    }

    /// <summary>Describes the registry client's own exception, which the translator wrapped in a SchemaRegistryUnavailableException.</summary>
    public void RegistryFailed(Exception exception)
    {
        var cause = exception.InnerException ?? exception;

        lock (_registryLock)
        {
            Registry.SetNotReady($"schema registry call failed: {exception.GetType().Name} ({cause.GetType().Name}: {InputText.Escape(cause.Message, InputText.LogLimit)})");
            _registryFailing = true;
        }
    }

    /// <summary>Hot path (every translated event): only writes when the state changes.</summary>
    public void TranslationSucceeded()
    {
        if (!_registryFailing)
        {
            return;
        }

        lock (_registryLock)
        {
            if (_registryFailing)
            {
                Registry.SetReady("translations succeed");
                _registryFailing = false;
            }
        }
    }
}
