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

/// <summary>The (key, value) overload hashes bytes it writes itself; it must agree with the general path for any input.</summary>
public sealed class DataHubGuidFastPathTests
{
    [Fact]
    public void Tuple_overload_equals_the_general_path_on_random_keys_and_values()
    {
        var random = new Random(20261123);
        for (var n = 0; n < 2000; n++)
        {
            var fields = Enumerable.Range(0, random.Next(0, 5))
                .Select(_ => (Key: RandomText(random), Value: random.Next(5) == 0 ? null : RandomText(random)))
                .ToArray();
            var general = DataHubGuid.Compute(fields.Select(f => new KeyValuePair<string, string?>(f.Key, f.Value)));
            Assert.Equal(general, DataHubGuid.Compute(fields));
        }
    }

    [Fact]
    public void Long_values_beyond_the_stack_buffer_hash_the_same()
    {
        var id = new string('é', 400) + new string('x', 300);
        Assert.Equal(
            DataHubGuid.Compute([new KeyValuePair<string, string?>("id", id), new("orchestrator", "mlflow")]),
            DataHubGuid.ForRun(id, "mlflow"));
    }

    [Fact]
    public void Duplicate_keys_are_hashed_as_the_general_path_does() =>
        Assert.Equal(
            DataHubGuid.Compute([new KeyValuePair<string, string?>("b", "1"), new("a", "2"), new("b", "3")]),
            DataHubGuid.Compute(("b", "1"), ("a", "2"), ("b", "3")));

    private static string RandomText(Random random)
    {
        var alphabet = "abcxyzABC019_-/\\\"\n\t\b\f\r\u0000\u001f\u007f~ é中😀\u2028";
        var chars = new char[random.Next(0, 12)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }
}
