using MlEvents.Contracts;
using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Patch;

namespace MlEvents.Conversion.Mapping;

/// <summary>RunStarted / RunFinished → dataProcessInstance (subType "ML Training Run").</summary>
internal static class RunMapping
{
    public const string SubType = "ML Training Run";

    public static void MapStarted(EventContext context, RunStarted run)
    {
        var urn = context.Urns.Run(run.RunId, "payload.runId");
        var startTime = run.StartTime ?? context.EventTime;
        context.Upsert(urn, new DataProcessInstanceProperties
        {
            Name = run.RunName ?? run.RunId,
            Created = new AuditStamp { Time = startTime, Actor = context.Actor },
            ExternalUrl = run.ExternalUrl,
            CustomProperties = Values.SortedMap(run.CustomProperties),
        });
        CommonAspects.Write(context, urn, SubType);
        if (run.ExperimentId is not null)
        {
            context.Upsert(urn, new ContainerAspect { ContainerUrn = context.Urns.Experiment(run.ExperimentId, "payload.experimentId") });
        }

        // Standard mode: mlTrainingRunProperties belongs to RunFinished alone (its hyper-parameters are cumulative), so a
        // RunStarted applied after it, e.g. on a replay, cannot erase the metrics. The start parameters show at the finish.
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
        if (context.GenericPatchMode)
        {
            var patch = new GenericJsonPatchBuilder()
                .KeyArray(TrainingRun.HyperParams, TrainingRun.Name)
                .KeyArray(TrainingRun.TrainingMetrics, TrainingRun.Name)
                .KeyArray(TrainingRun.OutputUrls)
                .SetField("id", run.RunId);
            TrainingRun.PutHyperParams(patch, run.HyperParams);
            foreach (var (name, value) in Values.Ordered(run.Metrics))
            {
                patch.PutKeyed(TrainingRun.TrainingMetrics, TrainingRun.Name, name, new MlMetric { Name = name, Value = Values.Metric(value) });
            }

            foreach (var url in run.OutputUrls)
            {
                patch.AddToStringSet(TrainingRun.OutputUrls, url);
            }

            context.GenericPatch(urn, MlTrainingRunProperties.AspectName, patch);
            if (outputEdges.Count > 0)
            {
                context.GenericPatch(urn, DataProcessInstanceOutput.AspectName, RunOutputs.AddEdges(outputEdges));
            }
        }
        else
        {
            // The only writer of both aspects in Standard mode: hyper-parameters and metrics are cumulative (EVENTS.md).
            context.Upsert(urn, new MlTrainingRunProperties
            {
                Id = run.RunId,
                OutputUrls = run.OutputUrls.Count > 0 ? [.. run.OutputUrls.Distinct(StringComparer.Ordinal)] : null,
                HyperParams = TrainingRun.HyperParamList(run.HyperParams),
                TrainingMetrics = TrainingRun.MetricList(run.Metrics),
            });
            if (outputEdges.Count > 0)
            {
                context.Upsert(urn, new DataProcessInstanceOutput
                {
                    Outputs = [],
                    OutputEdges = [.. outputEdges.Select(u => new Edge { DestinationUrn = u })],
                });
            }
        }
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
