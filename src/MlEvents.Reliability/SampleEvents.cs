using MlEvents.Contracts;

namespace MlEvents.Reliability;

/// <summary>Events of every type, built from the shipped scenario, and a deterministic stream of distinct events.</summary>
public static class SampleEvents
{
    private static readonly IReadOnlyList<MlEvent> Scenario = LoadScenario();

    public static MlEvent Experiment => ByType(nameof(ExperimentUpserted));

    public static MlEvent RunStarted => ByType(nameof(Contracts.RunStarted));

    public static MlEvent RunFinished => ByType(nameof(Contracts.RunFinished));

    public static MlEvent ModelGroup => ByType(nameof(ModelGroupUpserted));

    public static MlEvent ModelRegistered => ByType(nameof(Contracts.ModelRegistered));

    public static MlEvent StageChanged => ByType(nameof(ModelStageChanged));

    /// <summary>
    /// <paramref name="count"/> distinct valid events cycling through every event type; event i has id <c>ev-{i}</c>
    /// and names its own run/model/experiment so that MCPs of different events never collide.
    /// </summary>
    public static IEnumerable<MlEvent> Stream(int count, string prefix = "ev")
    {
        for (var i = 0; i < count; i++)
        {
            var id = $"{prefix}-{i}";
            var template = Scenario[i % Scenario.Count];
            var time = 1_700_000_000_000 + i;
            MlEventPayload payload = template.Payload switch
            {
                ExperimentUpserted p => p with { ExperimentId = $"exp-{id}" },
                RunStarted p => p with { RunId = $"run-{id}", StartTime = time },
                RunFinished p => p with { RunId = $"run-{id}", StartTime = time, EndTime = time + 1 },
                ModelGroupUpserted p => p with { GroupName = $"group-{id}" },
                ModelRegistered p => p with { ModelName = $"model-{id}" },
                ModelStageChanged p => p with { ModelName = $"model-{id}" },
                var other => other,
            };
            yield return template with { EventId = id, EventTime = time, Payload = payload };
        }
    }

    private static MlEvent ByType(string type) => Scenario.First(e => e.Payload.TypeName == type);

    private static List<MlEvent> LoadScenario()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "samples", "airline-forecast.events.jsonl");
        return File.ReadLines(path).Where(line => !string.IsNullOrWhiteSpace(line)).Select(MlEventJson.Parse).ToList();
    }
}
