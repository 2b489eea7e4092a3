using MlEvents.Contracts;
using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Patch;

namespace MlEvents.Conversion.Mapping;

/// <summary>RunStarted / RunUpdated / RunFinished → dataProcessInstance (subType "ML Training Run").</summary>
internal static class RunMapping
{
    public const string SubType = "ML Training Run";

    public static void MapStarted(EventContext context, RunStarted run)
    {
        var urn = context.Urns.Run(run.RunId, "payload.runId");
        var startTime = run.StartTime ?? context.EventTime;
        var creator = RunCreators.Write(context);
        context.Upsert(urn, new DataProcessInstanceProperties
        {
            Name = run.RunName ?? run.RunId,
            Created = new AuditStamp { Time = startTime, Actor = creator },
            ExternalUrl = run.ExternalUrl,
            CustomProperties = Values.SortedMap(run.CustomProperties),
        });
        CommonAspects.Write(context, urn, SubType);
        if (run.ExperimentId is not null)
        {
            context.Upsert(urn, new ContainerAspect { ContainerUrn = context.Urns.Experiment(run.ExperimentId, "payload.experimentId") });
        }

        // Standard mode: mlTrainingRunProperties belongs to RunUpdated and RunFinished (cumulative, so either may write it
        // whole), so a RunStarted applied after them, e.g. on a replay, cannot erase the metrics. The start parameters show
        // with the first RunUpdated or the RunFinished.
        if (context.GenericPatchMode)
        {
            var patch = new GenericJsonPatchBuilder().KeyArray(TrainingRun.HyperParams, TrainingRun.Name).SetField("id", run.RunId);
            TrainingRun.PutHyperParams(patch, run.HyperParams);
            context.GenericPatch(urn, MlTrainingRunProperties.AspectName, patch);
        }

        context.Upsert(urn, new DataProcessInstanceRunEvent { TimestampMillis = startTime, Status = DataProcessRunStatus.Started });
        if (run.InputDatasets.Count > 0)
        {
            context.Upsert(urn, new DataProcessInstanceInput
            {
                Inputs = [],
                InputEdges = [.. run.InputDatasets
                    .Select((d, i) => context.Urns.Dataset(d, $"payload.inputDatasets[{i}]"))
                    .Distinct(StringComparer.Ordinal)
                    .Select(u => new Edge { DestinationUrn = u })],
            });
        }
    }

    /// <summary>A running run's progress: its training properties only; what RunStarted and RunFinished own is untouched.</summary>
    public static void MapUpdated(EventContext context, RunUpdated run)
    {
        var urn = context.Urns.Run(run.RunId, "payload.runId");
        WriteTrainingRunProperties(context, urn, run.RunId, run.HyperParams, run.Metrics, run.OutputUrls, run.CustomProperties);
    }

    public static void MapFinished(EventContext context, RunFinished run)
    {
        var urn = context.Urns.Run(run.RunId, "payload.runId");
        var endTime = run.EndTime ?? context.EventTime;
        context.Upsert(urn, new DataProcessInstanceRunEvent
        {
            TimestampMillis = endTime,
            Status = DataProcessRunStatus.Complete,
            Result = new DataProcessInstanceRunResult
            {
                Type = ResultType(run.Result),
                NativeResultType = run.NativeResultType ?? context.Event.Platform,
            },
            DurationMillis = run.StartTime is { } start ? endTime - start : null,
        });

        var outputEdges = run.OutputDatasets
            .Select((d, i) => context.Urns.Dataset(d, $"payload.outputDatasets[{i}]"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        WriteTrainingRunProperties(context, urn, run.RunId, run.HyperParams, run.Metrics, run.OutputUrls, run.CustomProperties);
        if (outputEdges.Count == 0)
        {
            return;
        }

        if (context.GenericPatchMode)
        {
            context.GenericPatch(urn, DataProcessInstanceOutput.AspectName, RunOutputs.AddEdges(outputEdges));
        }
        else
        {
            // The only writer in Standard mode.
            context.Upsert(urn, new DataProcessInstanceOutput
            {
                Outputs = [],
                OutputEdges = [.. outputEdges.Select(u => new Edge { DestinationUrn = u })],
            });
        }
    }

    /// <summary>
    /// mlTrainingRunProperties as DataHub's MLflow source writes it: customProperties, id, outputUrls, and the hyperParams and
    /// trainingMetrics lists (empty lists included). Standard mode: the whole aspect, from a cumulative RunUpdated or
    /// RunFinished (same Kafka key, so in order). GenericPatch mode: each value keyed, so events may come in any order.
    /// </summary>
    private static void WriteTrainingRunProperties(
        EventContext context, string urn, string runId, IReadOnlyDictionary<string, string> hyperParams,
        IReadOnlyDictionary<string, double> metrics, IReadOnlyList<string> outputUrls, IReadOnlyDictionary<string, string> customProperties)
    {
        if (context.GenericPatchMode)
        {
            var patch = new GenericJsonPatchBuilder()
                .KeyArray(TrainingRun.HyperParams, TrainingRun.Name)
                .KeyArray(TrainingRun.TrainingMetrics, TrainingRun.Name)
                .KeyArray(TrainingRun.OutputUrls)
                .SetField("id", runId);
            TrainingRun.PutHyperParams(patch, hyperParams);
            foreach (var (name, value) in Values.Ordered(metrics))
            {
                patch.PutKeyed(TrainingRun.TrainingMetrics, TrainingRun.Name, name, new MlMetric { Name = name, Value = Values.Metric(value) });
            }

            foreach (var url in outputUrls)
            {
                patch.AddToStringSet(TrainingRun.OutputUrls, url);
            }

            foreach (var (key, value) in Values.Ordered(customProperties))
            {
                patch.SetMapEntry("customProperties", key, value);
            }

            context.GenericPatch(urn, MlTrainingRunProperties.AspectName, patch);
            return;
        }

        context.Upsert(urn, new MlTrainingRunProperties
        {
            CustomProperties = Values.SortedMap(customProperties),
            Id = runId,
            OutputUrls = outputUrls.Count > 0 ? [.. outputUrls.Distinct(StringComparer.Ordinal)] : null,
            HyperParams = TrainingRun.HyperParamList(hyperParams) ?? [],
            TrainingMetrics = TrainingRun.MetricList(metrics) ?? [],
        });
    }

    private static RunResultType ResultType(RunResult result) => result switch
    {
        RunResult.SUCCESS => RunResultType.Success,
        RunResult.FAILURE => RunResultType.Failure,
        RunResult.SKIPPED => RunResultType.Skipped,
        RunResult.UP_FOR_RETRY => RunResultType.UpForRetry,
        _ => throw new ConversionException("payload.result", $"{(int)result} is not a RunResult symbol"),
    };
}
