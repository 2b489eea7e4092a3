using MlEvents.Contracts.Validation;

namespace MlEvents.Contracts;

/// <summary>
/// Checks an event against the rules of docs/EVENTS.md ("Validation"): required ids, sizes (<see cref="EventLimits"/>),
/// platform and environment names, epoch-millisecond times, finite metrics, no control characters, no duplicate aliases.
/// Field paths are those of the JSON form: <c>payload.runId</c>, <c>payload.inputDatasets[1].name</c>.
/// </summary>
public static class MlEventValidator
{
    /// <summary>Every broken rule, in field order; empty when the event is valid.</summary>
    public static IReadOnlyList<ValidationError> Validate(MlEvent mlEvent)
    {
        ArgumentNullException.ThrowIfNull(mlEvent);
        var v = new ValidationCollector();
        v.RequiredId("eventId", mlEvent.EventId);
        v.Timestamp("eventTime", mlEvent.EventTime);
        v.Platform("platform", mlEvent.Platform);
        v.Environment("environment", mlEvent.Environment, required: true);
        v.OptionalId("actor", mlEvent.Actor);
        switch (mlEvent.Payload)
        {
            case ExperimentUpserted p:
                v.RequiredId("payload.experimentId", p.ExperimentId);
                v.OptionalName("payload.name", p.Name);
                v.Description("payload.description", p.Description);
                v.Properties("payload.customProperties", p.CustomProperties);
                v.Url("payload.externalUrl", p.ExternalUrl);
                v.Timestamp("payload.createdAt", p.CreatedAt);
                v.Timestamp("payload.lastModifiedAt", p.LastModifiedAt);
                break;
            case RunStarted p:
                v.RequiredId("payload.runId", p.RunId);
                v.OptionalName("payload.runName", p.RunName);
                v.OptionalId("payload.experimentId", p.ExperimentId);
                v.Timestamp("payload.startTime", p.StartTime);
                v.Properties("payload.hyperParams", p.HyperParams);
                v.Properties("payload.customProperties", p.CustomProperties);
                v.Url("payload.externalUrl", p.ExternalUrl);
                Datasets(v, "payload.inputDatasets", p.InputDatasets);
                break;
            case RunFinished p:
                v.RequiredId("payload.runId", p.RunId);
                v.Timestamp("payload.endTime", p.EndTime);
                v.Timestamp("payload.startTime", p.StartTime);
                if (p.StartTime is { } start && p.EndTime is { } end && end < start)
                {
                    v.Add("payload.endTime", $"{end} is before startTime {start}");
                }
                if (!Enum.IsDefined(p.Result))
                {
                    v.Add("payload.result", $"{(int)p.Result} is not a RunResult symbol");
                }
                v.OptionalName("payload.nativeResultType", p.NativeResultType);
                v.Metrics("payload.metrics", p.Metrics);
                v.Properties("payload.hyperParams", p.HyperParams);
                v.Items("payload.outputUrls", p.OutputUrls, v.Url, rejectDuplicates: false);
                Datasets(v, "payload.outputDatasets", p.OutputDatasets);
                MetricDetails(v, "payload.metricSteps", p.MetricSteps, p.Metrics, timestamps: false);
                MetricDetails(v, "payload.metricTimestamps", p.MetricTimestamps, p.Metrics, timestamps: true);
                break;
            case ModelGroupUpserted p:
                v.RequiredId("payload.groupName", p.GroupName);
                v.Description("payload.description", p.Description);
                v.Properties("payload.customProperties", p.CustomProperties);
                v.Url("payload.externalUrl", p.ExternalUrl);
                v.Timestamp("payload.createdAt", p.CreatedAt);
                v.Timestamp("payload.lastModifiedAt", p.LastModifiedAt);
                v.Items("payload.trainingRunIds", p.TrainingRunIds, v.RequiredId, rejectDuplicates: true);
                break;
            case ModelRegistered p:
                v.RequiredId("payload.modelName", p.ModelName);
                v.RequiredId("payload.version", p.Version);
                v.OptionalId("payload.groupName", p.GroupName);
                v.OptionalId("payload.runId", p.RunId);
                v.Description("payload.description", p.Description);
                v.Properties("payload.customProperties", p.CustomProperties);
                v.Metrics("payload.trainingMetrics", p.TrainingMetrics);
                v.Properties("payload.hyperParams", p.HyperParams);
                v.Url("payload.externalUrl", p.ExternalUrl);
                v.Timestamp("payload.createdAt", p.CreatedAt);
                v.Timestamp("payload.lastModifiedAt", p.LastModifiedAt);
                v.Items("payload.tags", p.Tags, v.RequiredName, rejectDuplicates: true);
                v.Items("payload.aliases", p.Aliases, v.RequiredName, rejectDuplicates: true);
                v.OptionalName("payload.stage", p.Stage);
                break;
            case ModelStageChanged p:
                v.RequiredId("payload.modelName", p.ModelName);
                v.RequiredId("payload.version", p.Version);
                v.RequiredName("payload.stage", p.Stage);
                break;
            case ModelAliasesChanged p:
                v.RequiredId("payload.modelName", p.ModelName);
                v.RequiredId("payload.version", p.Version);
                v.Items("payload.aliases", p.Aliases, v.RequiredName, rejectDuplicates: true);
                break;
            case null:
                v.Add("payload", "is required");
                break;
        }
        return v.Errors;
    }

    /// <exception cref="EventValidationException">The event breaks at least one rule; the message lists them all.</exception>
    public static void ThrowIfInvalid(MlEvent mlEvent)
    {
        var errors = Validate(mlEvent);
        if (errors.Count > 0) throw new EventValidationException(errors);
    }

    // Steps and times belong to metrics of the same event; times are epoch milliseconds.
    private static void MetricDetails(ValidationCollector v, string field, IReadOnlyDictionary<string, long> details, IReadOnlyDictionary<string, double> metrics, bool timestamps)
    {
        if (details.Count == 0 || !v.Count(field, details.Count)) return;
        foreach (var (name, value) in details)
        {
            if (!metrics.ContainsKey(name)) v.Add($"{field}.{name}", "names no metric of payload.metrics");
            else if (timestamps) v.Timestamp($"{field}.{name}", value);
        }
    }

    private static void Datasets(ValidationCollector v, string field, IReadOnlyList<DatasetRef> datasets)
    {
        if (!v.Count(field, datasets.Count)) return;
        for (var i = 0; i < datasets.Count; i++)
        {
            var path = $"{field}[{i}]";
            var d = datasets[i];
            if (d is null)
            {
                v.Add(path, "is null");
                continue;
            }
            v.Platform(path + ".platform", d.Platform);
            v.RequiredName(path + ".name", d.Name);
            v.Environment(path + ".environment", d.Environment, required: false);
            v.OptionalId(path + ".platformInstance", d.PlatformInstance);
        }
    }
}
