using MlEvents.DataHub.Urns;

namespace MlEvents.Conversion.Tests.DataHub;

public sealed class UrnTests
{
    [Theory]
    [InlineData("plain-name_1.v2", "plain-name_1.v2")]
    [InlineData("a,b", "a%2Cb")]
    [InlineData("f(x)", "f%28x%29")]
    [InlineData("(,)", "%28%2C%29")]
    [InlineData("keep%:/ spaces", "keep%:/ spaces")]
    public void EncodeComponent_percent_encodes_only_reserved_characters(string raw, string expected) =>
        Assert.Equal(expected, UrnEncoder.EncodeComponent(raw));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EncodeComponent_rejects_empty_components(string raw) =>
        Assert.Throws<ArgumentException>(() => UrnEncoder.EncodeComponent(raw));

    [Fact]
    public void Builders_match_DataHub_formats()
    {
        Assert.Equal("urn:li:dataPlatform:mlflow", DataHubUrns.DataPlatform("mlflow"));
        Assert.Equal("urn:li:dataPlatform:mlflow", DataHubUrns.DataPlatform("urn:li:dataPlatform:mlflow"));
        // Values from DataHub's mlflow golden file (metadata-ingestion/tests/integration/mlflow/mlflow_mcps_golden.json).
        Assert.Equal("urn:li:mlModel:(urn:li:dataPlatform:mlflow,test-model_1,PROD)", DataHubUrns.MlModel("mlflow", "test-model_1"));
        Assert.Equal("urn:li:mlModelGroup:(urn:li:dataPlatform:mlflow,test-model,PROD)", DataHubUrns.MlModelGroup("mlflow", "test-model"));
        Assert.Equal("urn:li:dataset:(urn:li:dataPlatform:s3,bucket/path,PROD)", DataHubUrns.Dataset("s3", "bucket/path"));
        Assert.Equal("urn:li:dataset:(urn:li:dataPlatform:hive,inst.db.t,DEV)", DataHubUrns.Dataset("hive", "db.t", "dev", "inst"));
        Assert.Equal("urn:li:tag:mlflow_production", DataHubUrns.Tag("mlflow_production"));
        Assert.Equal("urn:li:corpuser:datahub", DataHubUrns.CorpUser("datahub"));
        Assert.Equal("urn:li:versionSet:(abc,mlModel)", DataHubUrns.VersionSet("abc"));
    }

    [Fact]
    public void Builders_encode_reserved_characters_in_names()
    {
        Assert.Equal("urn:li:mlModel:(urn:li:dataPlatform:mlflow,churn%2Cv%282%29,PROD)", DataHubUrns.MlModel("mlflow", "churn,v(2)"));
        Assert.Equal("urn:li:tag:a%2Cb", DataHubUrns.Tag("a,b"));
    }

    [Theory]
    [InlineData("urn:li:mlModel:(urn:li:dataPlatform:mlflow,x,PROD)", "mlModel")]
    [InlineData("urn:li:dataProcessInstance:2666299269d6ebea994d5ec0c29e3aca", "dataProcessInstance")]
    [InlineData("urn:li:container:e37dbaee9481246e0997d7d8fefd8815", "container")]
    public void EntityTypeOf_reads_the_type_segment(string urn, string expected) =>
        Assert.Equal(expected, DataHubUrns.EntityTypeOf(urn));

    [Theory]
    [InlineData("urn:li:")]
    [InlineData("urn:li:tag:")]
    [InlineData("tag:x")]
    public void EntityTypeOf_rejects_malformed_urns(string urn) =>
        Assert.Throws<ArgumentException>(() => DataHubUrns.EntityTypeOf(urn));
}
