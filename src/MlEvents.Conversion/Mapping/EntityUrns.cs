using MlEvents.Contracts;
using MlEvents.DataHub.Urns;

namespace MlEvents.Conversion.Mapping;

/// <summary>The URNs of one event's entities under the configured <see cref="UrnStyle"/>; each is checked by <see cref="UrnGuard"/>.</summary>
internal sealed class EntityUrns(ConversionOptions options, string platform, string environment)
{
    public string Platform { get; } = DataHubUrns.DataPlatform(platform);

    public string Experiment(string experimentId, string field) => UrnGuard.Check(
        options.UrnStyle == UrnStyle.Guid
            ? DataHubUrns.ExperimentContainer(experimentId, platform)
            : DataHubUrns.Container(experimentId),
        field);

    public string Run(string runId, string field) => UrnGuard.Check(
        options.UrnStyle == UrnStyle.Guid
            ? DataHubUrns.DataProcessInstanceForRun(runId, platform)
            : DataHubUrns.DataProcessInstance(runId),
        field);

    public string ModelGroup(string groupName, string field) =>
        UrnGuard.Check(DataHubUrns.MlModelGroup(platform, groupName, environment), field);

    public string Model(string modelName, string version, string field) =>
        UrnGuard.Check(DataHubUrns.MlModel(platform, modelName + options.ModelVersionSeparator + version, environment), field);

    public string VersionSet(string modelName, string field) => UrnGuard.Check(
        options.UrnStyle == UrnStyle.Guid
            ? DataHubUrns.VersionSetForModel(modelName, platform)
            : DataHubUrns.VersionSet($"mlmodel_{modelName}_versions"),
        field);

    public string Dataset(Contracts.DatasetRef dataset, string field) => UrnGuard.Check(
        DataHubUrns.Dataset(dataset.Platform, dataset.Name, dataset.Environment ?? environment, dataset.PlatformInstance),
        field);

    public static string Tag(string name, string field) => UrnGuard.Check(DataHubUrns.Tag(name), field);
}
