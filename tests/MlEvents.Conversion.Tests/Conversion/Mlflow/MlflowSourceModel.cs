using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MlEvents.Conversion.Tests.Conversion.Mlflow;

/// <summary>One aspect as DataHub's MLflow source writes it (an UPSERT of the whole aspect).</summary>
internal sealed record SourceAspect(string EntityType, string Urn, string AspectName, JsonObject Value);

/// <summary>
/// What DataHub's MLflow source (metadata-ingestion/src/datahub/ingestion/source/mlflow.py, the newest version in the
/// reference index: experiments as SDK containers, runs as dataProcessInstances, versionProperties) writes for an MLflow
/// server's state, re-stated here from reading that code, and the Python SDK's JSON (defaults such as
/// <c>customProperties: {}</c> written, <c>None</c> fields left out). The ingestion pipeline adds <c>status</c> to every
/// entity. The URNs use the SDK's guid keys, computed here independently of the product's code.
/// </summary>
internal static class MlflowSourceModel
{
    private const string Platform = "mlflow";
    private const string PlatformUrn = "urn:li:dataPlatform:mlflow";
    private const string Env = "PROD";

    private static readonly (string Stage, string Color)[] Stages =
        [("Production", "#308613"), ("Staging", "#FACB66"), ("Archived", "#5D7283"), ("None", "#F2F4F5")];

    /// <summary>mce_builder.datahub_guid: MD5 of the key dict as compact JSON with sorted keys (ASCII keys and values here).</summary>
    public static string Guid(params (string Key, string Value)[] key)
    {
        var json = "{" + string.Join(",", key.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"\"{k.Key}\":\"{k.Value}\"")) + "}";
        return Convert.ToHexStringLower(MD5.HashData(Encoding.ASCII.GetBytes(json)));
    }

    public static string ExperimentUrn(MlflowExperiment e) => $"urn:li:container:{Guid(("platform", PlatformUrn), ("id", e.Name))}";

    public static string RunUrn(MlflowRun r) => $"urn:li:dataProcessInstance:{Guid(("id", r.RunId), ("orchestrator", Platform))}";

    public static string UserUrn(MlflowRun r) => $"urn:li:platformResource:{Guid(("platform", Platform), ("user", r.UserId ?? Platform))}";

    public static string GroupUrn(MlflowRegisteredModel m) => $"urn:li:mlModelGroup:({PlatformUrn},{m.Name},{Env})";

    public static string ModelUrn(MlflowModelVersion v) => $"urn:li:mlModel:({PlatformUrn},{v.Name}_{v.Version},{Env})";

    public static string VersionSetUrn(MlflowRegisteredModel m) => $"urn:li:versionSet:({Guid(("platform", Platform), ("name", m.Name))},mlModel)";

    public static string StageTagUrn(string stage) => $"urn:li:tag:mlflow_{stage.ToLowerInvariant()}";

    /// <summary>Every aspect of one ingestion of the server state, in the source's order (status last, as the pipeline adds it).</summary>
    public static IReadOnlyList<SourceAspect> Ingest(
        string trackingUri, MlflowExperiment experiment, MlflowRun run, MlflowRegisteredModel model, MlflowModelVersion version)
    {
        var aspects = new List<SourceAspect>();
        void Add(string type, string urn, string name, JsonObject value) => aspects.Add(new SourceAspect(type, urn, name, value));

        // _get_tags_workunits: the four stage tags, always.
        foreach (var (stage, color) in Stages)
        {
            Add("tag", StageTagUrn(stage), "tagProperties", new JsonObject
            {
                ["name"] = $"mlflow_{stage.ToLowerInvariant()}",
                ["description"] = $"{stage} Stage for an ML model in MLflow Model Registry",
                ["colorHex"] = color,
            });
        }

        // _get_experiment_container_workunit: SDK Container(ExperimentKey(platform urn, id=name), display_name=name,
        // description=tag mlflow.note.content, extra_properties=tags without the note + artifacts_location).
        var experimentUrn = ExperimentUrn(experiment);
        var containerCustom = new JsonObject { ["platform"] = PlatformUrn, ["id"] = experiment.Name };
        foreach (var (k, v) in experiment.Tags.Where(t => t.Key != "mlflow.note.content")) containerCustom[k] = v;
        containerCustom["artifacts_location"] = experiment.ArtifactLocation;
        var containerProperties = new JsonObject { ["customProperties"] = containerCustom, ["name"] = experiment.Name };
        if (experiment.Tags.TryGetValue("mlflow.note.content", out var note)) containerProperties["description"] = note;
        Add("container", experimentUrn, "containerProperties", containerProperties);
        Add("container", experimentUrn, "subTypes", new JsonObject { ["typeNames"] = new JsonArray("ML Experiment") });
        Add("container", experimentUrn, "dataPlatformInstance", new JsonObject { ["platform"] = PlatformUrn });
        Add("container", experimentUrn, "browsePathsV2", new JsonObject { ["path"] = new JsonArray() });

        // _get_run_workunits
        var runUrn = RunUrn(run);
        var userUrn = UserUrn(run);
        Add("platformResource", userUrn, "platformResourceInfo", new JsonObject { ["resourceType"] = "user", ["primaryKey"] = run.UserId ?? Platform });
        // customProperties = getattr(run, "tags", {}) or {}: MLflow's Run has no "tags" attribute (they are in
        // run.data.tags), so the source always writes {}.
        var runProperties = new JsonObject
        {
            ["customProperties"] = new JsonObject(),
            ["name"] = run.RunName ?? run.RunId,
            ["created"] = new JsonObject { ["time"] = run.StartTime, ["actor"] = userUrn },
        };
        if (trackingUri.StartsWith("http", StringComparison.Ordinal))
        {
            runProperties["externalUrl"] = $"{trackingUri.TrimEnd('/')}/#/experiments/{experiment.ExperimentId}/runs/{run.RunId}";
        }
        Add("dataProcessInstance", runUrn, "dataProcessInstanceProperties", runProperties);
        Add("dataProcessInstance", runUrn, "container", new JsonObject { ["container"] = experimentUrn });
        if (version.RunId == run.RunId)
        {
            Add("dataProcessInstance", runUrn, "dataProcessInstanceOutput", new JsonObject
            {
                ["outputs"] = new JsonArray(),
                ["outputEdges"] = new JsonArray(new JsonObject { ["destinationUrn"] = ModelUrn(version) }),
            });
        }
        Add("dataProcessInstance", runUrn, "mlTrainingRunProperties", new JsonObject
        {
            ["customProperties"] = new JsonObject(),
            ["id"] = run.RunId,
            ["outputUrls"] = new JsonArray(run.ArtifactUri),
            ["hyperParams"] = Params(run.Params),
            ["trainingMetrics"] = Metrics(run.Metrics),
        });
        if (run.EndTime is { } end)
        {
            Add("dataProcessInstance", runUrn, "dataProcessInstanceRunEvent", new JsonObject
            {
                ["timestampMillis"] = end,
                ["status"] = "COMPLETE",
                ["result"] = new JsonObject
                {
                    ["type"] = run.Status switch { "FINISHED" => "SUCCESS", "FAILED" => "FAILURE", _ => "SKIPPED" },
                    ["nativeResultType"] = Platform,
                },
                ["durationMillis"] = end - run.StartTime,
            });
        }
        Add("dataProcessInstance", runUrn, "dataPlatformInstance", new JsonObject { ["platform"] = PlatformUrn });
        Add("dataProcessInstance", runUrn, "subTypes", new JsonObject { ["typeNames"] = new JsonArray("ML Training Run") });

        // _get_ml_group_workunit
        var groupUrn = GroupUrn(model);
        var groupVersion = new JsonObject();
        if (model.LatestVersion is not null) groupVersion["versionTag"] = model.LatestVersion;
        groupVersion["metadataAttribution"] = Attribution(model.LastUpdatedTimestamp);
        var groupProperties = new JsonObject { ["customProperties"] = Map(model.Tags) };
        if (model.Description is not null) groupProperties["description"] = model.Description;
        groupProperties["created"] = new JsonObject { ["time"] = model.CreationTimestamp };
        groupProperties["lastModified"] = new JsonObject { ["time"] = model.LastUpdatedTimestamp };
        groupProperties["version"] = groupVersion;
        Add("mlModelGroup", groupUrn, "mlModelGroupProperties", groupProperties);

        // _get_ml_model_properties_workunit, _get_ml_model_version_properties_workunit, _get_global_tags_workunit
        var modelUrn = ModelUrn(version);
        var fromRun = version.RunId == run.RunId;
        var created = new JsonObject { ["time"] = version.CreationTimestamp };
        if (version.UserId is not null) created["actor"] = $"urn:li:platformResource:{version.UserId}";
        var modelProperties = new JsonObject
        {
            ["customProperties"] = Map(version.Tags),
            ["externalUrl"] = $"{trackingUri.TrimEnd('/')}/#/models/{version.Name}/versions/{version.Version}",
            ["lastModified"] = new JsonObject { ["time"] = version.LastUpdatedTimestamp },
        };
        if (version.Description is not null) modelProperties["description"] = version.Description;
        modelProperties["created"] = created;
        if (fromRun)
        {
            modelProperties["hyperParams"] = Params(run.Params);
            modelProperties["trainingMetrics"] = Metrics(run.Metrics);
        }
        modelProperties["tags"] = new JsonArray([.. version.Tags.Select(t => (JsonNode)JsonValue.Create($"{t.Key}:{t.Value}"))]);
        modelProperties["groups"] = new JsonArray(groupUrn);
        modelProperties["trainingJobs"] = fromRun ? new JsonArray(runUrn) : new JsonArray();
        Add("mlModel", modelUrn, "mlModelProperties", modelProperties);
        Add("mlModel", modelUrn, "versionProperties", new JsonObject
        {
            ["versionSet"] = VersionSetUrn(model),
            ["version"] = new JsonObject { ["versionTag"] = version.Version, ["metadataAttribution"] = Attribution(version.CreationTimestamp) },
            ["aliases"] = new JsonArray([.. version.Aliases.Select(a => (JsonNode)new JsonObject { ["versionTag"] = a })]),
            ["sortId"] = version.Version.PadLeft(10, '0'),
            ["versioningScheme"] = "LEXICOGRAPHIC_STRING",
        });
        Add("mlModel", modelUrn, "globalTags", new JsonObject
        {
            ["tags"] = new JsonArray(new JsonObject { ["tag"] = StageTagUrn(version.CurrentStage) }),
        });

        // The pipeline's auto status aspect, once per entity.
        foreach (var (type, urn) in aspects.Select(a => (a.EntityType, a.Urn)).Distinct().ToList())
        {
            Add(type, urn, "status", new JsonObject { ["removed"] = false });
        }

        return aspects;
    }

    private static JsonObject Attribution(long time) =>
        new() { ["time"] = time, ["actor"] = "urn:li:corpuser:datahub", ["sourceDetail"] = new JsonObject() };

    private static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map) o[k] = v;
        return o;
    }

    private static JsonArray Params(IReadOnlyDictionary<string, string> map) =>
        new([.. map.Select(p => (JsonNode)new JsonObject { ["name"] = p.Key, ["value"] = p.Value })]);

    // str(float) in Python: the story's metrics are short decimals, for which "R" and Python's repr agree.
    private static JsonArray Metrics(IReadOnlyDictionary<string, double> map) =>
        new([.. map.Select(m => (JsonNode)new JsonObject { ["name"] = m.Key, ["value"] = m.Value.ToString("R", CultureInfo.InvariantCulture) })]);
}
