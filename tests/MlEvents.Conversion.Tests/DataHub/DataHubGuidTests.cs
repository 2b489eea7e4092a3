using MlEvents.DataHub.Urns;

namespace MlEvents.Conversion.Tests.DataHub;

/// <summary>Expected values come from DataHub's own mlflow golden output and from CPython's json/hashlib.</summary>
public sealed class DataHubGuidTests
{
    // metadata-ingestion/tests/integration/mlflow/mlflow_mcps_golden.json: run 02660a3bee9941ed983667f678ce5611
    // (mlTrainingRunProperties.id) is urn:li:dataProcessInstance:2666299269d6ebea994d5ec0c29e3aca.
    [Fact]
    public void Run_guid_reproduces_DataHub_mlflow_golden() =>
        Assert.Equal(
            "urn:li:dataProcessInstance:2666299269d6ebea994d5ec0c29e3aca",
            DataHubUrns.DataProcessInstanceForRun("02660a3bee9941ed983667f678ce5611", "mlflow"));

    // Same golden file: experiments "test-experiment" and "Default" are these containers.
    [Theory]
    [InlineData("test-experiment", "urn:li:container:e37dbaee9481246e0997d7d8fefd8815")]
    [InlineData("Default", "urn:li:container:03d28ec52349332a202a252cb2388d83")]
    public void Experiment_container_reproduces_DataHub_mlflow_golden(string experiment, string expected) =>
        Assert.Equal(expected, DataHubUrns.ExperimentContainer(experiment, "mlflow"));

    // Same golden file: registered model "test-model" → versionSet 658730e7…, user "unknown" → platformResource 1bbe5a4a….
    [Fact]
    public void Version_set_and_user_reproduce_DataHub_mlflow_golden()
    {
        Assert.Equal("urn:li:versionSet:(658730e7177b283e4f94410fe4b41519,mlModel)", DataHubUrns.VersionSetForModel("test-model", "mlflow"));
        Assert.Equal("1bbe5a4af9f91bbd2b4dd90c552008e1", DataHubGuid.ForPlatformUser("mlflow", "unknown"));
    }

    [Fact]
    public void Key_json_escapes_like_python_ensure_ascii()
    {
        var json = DataHubGuid.KeyJson([new("orchestrator", "mlflow"), new("id", "é😀\u0001\u007f\"\\/\u2028\n\t")]);
        Assert.Equal(@"{""id"":""\u00e9\ud83d\ude00\u0001\u007f\""\\/\u2028\n\t"",""orchestrator"":""mlflow""}", json);
        Assert.Equal("4496c9baee9099ce2a36c07c7345bbaa", DataHubGuid.ForRun("é😀\u0001\u007f\"\\/\u2028\n\t", "mlflow"));
    }

    [Fact]
    public void Null_values_are_left_out_and_set_ones_sorted_in()
    {
        Assert.Equal(DataHubGuid.Compute(("id", "r"), ("orchestrator", "mlflow")), DataHubGuid.ForRun("r", "mlflow", cluster: null));
        Assert.Equal("e5a3f684cb3ebf673d85ad7fa8c42bc9", DataHubGuid.ForRun("run,with(paren)", "mlflow", "prod"));
        Assert.Equal("b5f4542912e464de3281cce628bb0572", DataHubGuid.ForPlatformUser("mlflow", "alice@example.com"));
    }
}
