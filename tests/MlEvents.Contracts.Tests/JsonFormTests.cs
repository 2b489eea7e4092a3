using System.Text.Json;

namespace MlEvents.Contracts.Tests;

public class JsonFormTests
{
    private const string ValidRunStarted =
        """{"eventId":"e1","eventTime":1700000000000,"platform":"mlflow","type":"RunStarted","payload":{"runId":"r1"}}""";

    [Theory]
    [MemberData(nameof(TestEvents.AllData), MemberType = typeof(TestEvents))]
    public void Round_trip_keeps_every_field(MlEvent original)
    {
        var json = MlEventJson.Serialize(original);

        Assert.DoesNotContain('\n', json);
        Assert.Equal(original, MlEventJson.Parse(json));
    }

    [Fact]
    public void Serialized_form_has_envelope_type_and_payload_and_omits_empty_optionals()
    {
        var json = MlEventJson.Serialize(TestEvents.Minimal().Single(e => e.Payload is RunFinished));

        Assert.Equal(
            """{"eventId":"evt-min","eventTime":1700000000000,"platform":"sagemaker","environment":"PROD","type":"RunFinished","payload":{"runId":"r","result":"SUCCESS"}}""",
            json);
    }

    [Fact]
    public void Unicode_and_reserved_urn_characters_are_kept_readable()
    {
        var json = MlEventJson.Serialize(TestEvents.Full().First());
        Assert.Contains("\"experimentId\":\"exp,(1)\"", json);
        Assert.Contains("Airline forecast ✈", json);
    }

    [Fact]
    public void Omitted_environment_defaults_to_PROD_and_null_optionals_read_as_absent()
    {
        var e = MlEventJson.Parse(
            """{"eventId":"e1","eventTime":1700000000000,"platform":"mlflow","actor":null,"type":"RunStarted","payload":{"runId":"r1","runName":null}}""");

        Assert.Equal("PROD", e.Environment);
        Assert.Null(e.Actor);
        Assert.Equal(new RunStarted { RunId = "r1" }, e.Payload);
    }

    [Fact]
    public void Field_order_does_not_matter()
    {
        var e = MlEventJson.Parse("""{"payload":{"runId":"r1"},"type":"RunStarted","platform":"mlflow","eventTime":1700000000000,"eventId":"e1"}""");
        Assert.Equal(MlEventJson.Parse(ValidRunStarted), e);
    }

    [Fact]
    public void Non_finite_metrics_survive_as_named_literals()
    {
        var e = TestEvents.Envelope(new RunFinished
        {
            RunId = "r",
            Result = RunResult.FAILURE,
            Metrics = new Dictionary<string, double> { ["loss"] = double.NaN, ["up"] = double.PositiveInfinity, ["down"] = double.NegativeInfinity },
        });
        var json = MlEventJson.Serialize(e);

        Assert.Contains("\"loss\":\"NaN\"", json);
        Assert.Equal(e, MlEventJson.Parse(json));
    }

    public static TheoryData<string, string, string> Errors() => new()
    {
        // json, expected field, expected words in the reason
        { """{"eventId":"e1","eventTime":1700000000000,"platform":"mlflow","type":"RunStarted","payload":{"runId":"r1","runid":"x"}}""", "payload.runid", "unknown field 'runid'" },
        { """{"eventId":"e1","eventTime":1700000000000,"platform":"mlflow","plattform":"x","type":"RunStarted","payload":{"runId":"r1"}}""", "plattform", "unknown field" },
        { """{"eventId":"e1","eventTime":1700000000000,"platform":"mlflow","type":"RunExploded","payload":{"runId":"r1"}}""", "type", "unknown event type 'RunExploded'" },
        { """{"eventTime":1700000000000,"platform":"mlflow","type":"RunStarted","payload":{"runId":"r1"}}""", "eventId", "required field is missing" },
        { """{"eventId":null,"eventTime":1700000000000,"platform":"mlflow","type":"RunStarted","payload":{"runId":"r1"}}""", "eventId", "must be a string, got null" },
        { """{"eventId":"e1","eventTime":1700000000000,"platform":"mlflow","type":"RunFinished","payload":{"runId":"r1","result":"CRASHED"}}""", "payload.result", "unknown RunResult symbol 'CRASHED'" },
        { """{"eventId":"e1","eventTime":1700000000000,"platform":"mlflow","type":"RunFinished","payload":{"runId":"r1"}}""", "payload.result", "required field is missing" },
        { """{"eventId":"e1","eventTime":"1700000000000","platform":"mlflow","type":"RunStarted","payload":{"runId":"r1"}}""", "eventTime", "must be an integer" },
        { """{"eventId":"e1","eventTime":1.7e12,"platform":"mlflow","type":"RunStarted","payload":{"runId":"r1"}}""", "eventTime", "must be an integer" },
        { """{"eventId":"e1","eventTime":1700000000000,"platform":"mlflow","type":"RunStarted","payload":{"runId":"r1","hyperParams":{"lr":0.01}}}""", "payload.hyperParams.lr", "must be a string, got the number 0.01" },
        { """{"eventId":"e1","eventTime":1700000000000,"platform":"mlflow","type":"RunStarted","payload":{"runId":"r1","hyperParams":{"lr":"1","lr":"2"}}}""", "payload.hyperParams.lr", "duplicate key" },
        { """{"eventId":"e1","eventId":"e2","eventTime":1700000000000,"platform":"mlflow","type":"RunStarted","payload":{"runId":"r1"}}""", "eventId", "duplicate field" },
        { """{"eventId":"e1","eventTime":1700000000000,"platform":"mlflow","type":"RunFinished","payload":{"runId":"r1","result":"SUCCESS","metrics":{"acc":"high"}}}""", "payload.metrics.acc", "must be a number" },
        { """{"eventId":"e1","eventTime":1700000000000,"platform":"mlflow","type":"RunStarted","payload":{"runId":"r1","inputDatasets":[{"platform":"s3","name":"a"},{"platform":"s3"}]}}""", "payload.inputDatasets[1].name", "required field is missing" },
        { """{"eventId":"e1","eventTime":1700000000000,"platform":"mlflow","type":"RunStarted","payload":{"runId":"r1","inputDatasets":[{"platform":"s3","name":"a","env":"PROD"}]}}""", "payload.inputDatasets[0].env", "unknown field" },
        { """{"eventId":"e1","eventTime":1700000000000,"platform":"mlflow","type":"RunStarted","payload":{"runId":"r1","inputDatasets":{"platform":"s3"}}}""", "payload.inputDatasets", "must be a JSON array, got an object" },
        { """{"eventId":"e1","eventTime":1700000000000,"platform":"mlflow","type":"ModelAliasesChanged","payload":{"modelName":"m","version":"1"}}""", "payload.aliases", "required field is missing" },
        { """{"eventId":"e1","eventTime":1700000000000,"platform":"mlflow","type":"RunStarted"}""", "payload", "required field is missing" },
        { """{"eventId":"e1","eventTime":1700000000000,"platform":"mlflow","type":"RunStarted","payload":"r1"}""", "payload", "must be a JSON object" },
        { """[1,2]""", "$", "must be a JSON object" },
        { """{"eventId":"e1",""", "$", "invalid JSON" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Errors_name_the_field_and_the_reason(string json, string field, string reason)
    {
        var ex = Assert.Throws<EventFormatException>(() => MlEventJson.Parse(json));

        Assert.Equal(field, ex.Field);
        Assert.Contains(reason, ex.Reason);
        Assert.StartsWith(field + ": ", ex.Message);
    }

    [Fact]
    public void Utf8_and_element_overloads_read_the_same_event()
    {
        var expected = MlEventJson.Parse(ValidRunStarted);
        Assert.Equal(expected, MlEventJson.Parse(System.Text.Encoding.UTF8.GetBytes(ValidRunStarted)));
        using var doc = JsonDocument.Parse(ValidRunStarted);
        Assert.Equal(expected, MlEventJson.Parse(doc.RootElement));
    }
}
