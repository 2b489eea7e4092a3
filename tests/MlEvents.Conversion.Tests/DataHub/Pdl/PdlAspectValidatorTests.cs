using MlEvents.Tests.Shared;

namespace MlEvents.Conversion.Tests.DataHub.Pdl;

/// <summary>The project's own DataHub schema check finds each kind of mistake the Pegasus codec refuses.</summary>
public sealed class PdlAspectValidatorTests
{
    [Fact]
    public void Saved_PDLs_declare_every_aspect_the_converter_emits()
    {
        var schemas = PdlSchemas.Default;

        Assert.True(schemas.FileCount >= 60, $"{schemas.FileCount} PDL files");
        Assert.All(
            ["containerProperties", "container", "subTypes", "status", "dataPlatformInstance", "browsePathsV2", "globalTags", "tagProperties",
             "dataProcessInstanceProperties", "dataProcessInstanceInput", "dataProcessInstanceOutput", "dataProcessInstanceRunEvent",
             "mlTrainingRunProperties", "mlModelGroupProperties", "mlModelProperties", "versionProperties"],
            aspect => Assert.True(schemas.AspectRecords.ContainsKey(aspect), $"no saved PDL declares aspect {aspect}"));
    }

    [Theory]
    [InlineData("tagProperties", """{"name":"x","description":"d","colorHex":"#fff"}""")]
    [InlineData("status", """{"removed":false}""")]
    [InlineData("subTypes", """{"typeNames":["ML Training Run"]}""")]
    [InlineData("dataProcessInstanceRunEvent", """{"timestampMillis":1,"status":"COMPLETE","result":{"type":"SUCCESS","nativeResultType":"mlflow"},"durationMillis":5}""")]
    [InlineData("mlTrainingRunProperties", """{"id":"r","hyperParams":[{"name":"lr","value":"0.1"}],"trainingMetrics":[{"name":"acc","value":"0.9"}]}""")]
    [InlineData("versionProperties", """{"versionSet":"urn:li:versionSet:(a,mlModel)","version":{"versionTag":"1"},"sortId":"1","versioningScheme":"LEXICOGRAPHIC_STRING"}""")]
    public void Accepts_aspects_shaped_as_DataHub_reads_them(string aspect, string json)
    {
        var report = Validate(aspect, json);

        Assert.True(report.AllValid, report.ToString());
        Assert.Empty(report.NotJudged);
    }

    [Theory]
    [InlineData("tagProperties", """{"name":"x","description":null}""", "tagProperties/description: expected string, got null")]
    [InlineData("tagProperties", """{"name":"x","colour":"red"}""", "tagProperties/colour: unknown field of TagProperties")]
    [InlineData("tagProperties", """{"description":"d"}""", "tagProperties/name: required field missing")]
    [InlineData("status", """{"removed":"false"}""", "status/removed: expected boolean")]
    [InlineData("dataProcessInstanceRunEvent", """{"timestampMillis":1.5,"status":"COMPLETE"}""", "dataProcessInstanceRunEvent/timestampMillis: expected long")]
    [InlineData("dataProcessInstanceRunEvent", """{"timestampMillis":1,"status":"DONE"}""", "dataProcessInstanceRunEvent/status: \"DONE\" not a symbol of")]
    [InlineData("versionProperties", """{"versionSet":"urn:li:versionSet:(a,mlModel)","version":{"versionTag":"1"},"sortId":"1","versioningScheme":"SEMVER"}""", "versioningScheme: \"SEMVER\" not one of")]
    [InlineData("mlTrainingRunProperties", """{"hyperParams":{"name":"lr"}}""", "mlTrainingRunProperties/hyperParams: expected array")]
    public void Names_the_field_and_the_reason_of_a_mistake(string aspect, string json, string expected)
    {
        var report = Validate(aspect, json);

        Assert.False(report.AllValid);
        Assert.Contains(expected, Assert.Single(report.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Checks_union_encoding_as_a_one_key_object_named_by_the_member()
    {
        const string Prefix = """{"name":"lr","value":""";
        Assert.True(Validate("mlHyperParam", Prefix + "\"0.1\"}").AllValid);

        var properties = """{"customProperties":{},"hyperParameters":{"lr":{"double":0.1}}}""";
        var badMember = """{"customProperties":{},"hyperParameters":{"lr":{"decimal":0.1}}}""";
        var bare = """{"customProperties":{},"hyperParameters":{"lr":0.1}}""";

        Assert.True(Validate("mlModelProperties", properties).AllValid, Validate("mlModelProperties", properties).ToString());
        Assert.Contains("union member 'decimal' unknown", Assert.Single(Validate("mlModelProperties", badMember).Problems), StringComparison.Ordinal);
        Assert.Contains("union must be a one-key object", Assert.Single(Validate("mlModelProperties", bare).Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void An_aspect_without_a_saved_PDL_is_named_as_not_judged()
    {
        var report = Validate("someFutureAspect", """{"x":1}""");

        Assert.Equal(["someFutureAspect"], report.NotJudged);
    }

    [Fact]
    public void CI_never_skips_a_fact_whose_external_piece_is_missing()
    {
        Assert.Null(RequiredInCiFactAttribute.SkipReason("python3-avro missing", inCi: true));
        Assert.Null(RequiredInCiFactAttribute.SkipReason(null, inCi: false));
        Assert.Equal("python3-avro missing (skipped outside CI; required when CI=true)", RequiredInCiFactAttribute.SkipReason("python3-avro missing", inCi: false));
    }

    private static PdlReport Validate(string aspect, string json) => PdlAspectValidator.Default.ValidateMcpFile(
        "[{\"entityType\":\"x\",\"entityUrn\":\"urn:li:x:1\",\"changeType\":\"UPSERT\",\"aspectName\":\"" + aspect + "\",\"aspect\":{\"json\":" + json + "}}]");
}
