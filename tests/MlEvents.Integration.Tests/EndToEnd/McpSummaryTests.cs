using MlEvents.Conversion;
using MlEvents.DevHost.Embedded;

namespace MlEvents.Integration.Tests.EndToEnd;

public sealed class McpSummaryTests
{
    private const string InputDataset = "urn:li:dataset:(urn:li:dataPlatform:snowflake,iris_input,PROD)";
    private const string OutputDataset = "urn:li:dataset:(urn:li:dataPlatform:snowflake,iris_output,PROD)";
    private const string ModelGroup = "urn:li:mlModelGroup:(urn:li:dataPlatform:mlflow,airline_forecast_models_group,PROD)";

    [Fact]
    public void Lineage_is_the_same_in_both_write_modes()
    {
        var events = TestEvents.Scenario();
        var patch = McpSummary.LineageOf(events.SelectMany(new EventConverter(new ConversionOptions { WriteMode = WriteMode.GenericPatch }).Convert));
        var upsert = McpSummary.LineageOf(events.SelectMany(new EventConverter(new ConversionOptions { WriteMode = WriteMode.Standard }).Convert));

        Assert.Equal(patch.OrderBy(e => e.ToString()), upsert.OrderBy(e => e.ToString()));
        var run = Assert.Single(patch, e => e.Kind == "dataset → run").To;
        Assert.StartsWith("urn:li:dataProcessInstance:", run);
        Assert.Contains(new LineageEdge("dataset → run", InputDataset, run), patch);
        Assert.Contains(new LineageEdge("run → dataset", run, OutputDataset), patch);
        Assert.Contains(new LineageEdge("run → model group", run, ModelGroup), patch);
        Assert.Single(patch, e => e.Kind == "run → experiment" && e.From == run && e.To.StartsWith("urn:li:container:", StringComparison.Ordinal));
        var model = Assert.Single(patch, e => e.Kind == "model → model group" && e.To == ModelGroup).From;
        Assert.Contains(new LineageEdge("run → model", run, model), patch);
    }

    [Fact]
    public void The_summary_counts_entities_by_type_and_lists_every_aspect()
    {
        var mcps = TestEvents.Expected(TestEvents.Scenario());

        var text = McpSummary.Format(mcps);

        Assert.Contains($"Aspects ({mcps.Count} MCPs)", text);
        Assert.Contains($"Entities ({mcps.Select(m => m.EntityUrn).Distinct().Count()})", text);
        Assert.All(mcps, m => Assert.Contains(m.EntityUrn, text));
        Assert.All(mcps, m => Assert.Contains(m.AspectName, text));
    }
}
