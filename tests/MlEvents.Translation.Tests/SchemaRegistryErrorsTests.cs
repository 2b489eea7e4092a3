using System.Net;
using Confluent.SchemaRegistry;
using MlEvents.Translation.Serdes;
using MlEvents.Worker.Pipeline;

namespace MlEvents.Translation.Tests;

public sealed class SchemaRegistryErrorsTests
{
    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.NotImplemented, false)] // DataHub GMS: lookup, listing, versions on older releases
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.UnprocessableEntity, false)]
    public void Registry_answers_are_transient_only_when_retrying_can_help(HttpStatusCode status, bool transient)
    {
        var answer = new SchemaRegistryException("answer", status, (int)status * 100);

        Assert.Equal(transient, SchemaRegistryErrors.IsTransient(answer));
        Assert.Equal(transient, SchemaRegistryErrors.IsTransient(new InvalidOperationException("wrapped", answer)));
        Assert.Equal(transient, new SchemaRegistryErrorClassifier().IsTransient(new AggregateException(answer)));
    }

    [Fact]
    public void No_answer_is_transient_and_other_errors_are_not()
    {
        Assert.True(SchemaRegistryErrors.IsTransient(new HttpRequestException("[http://sr:8081/] connection refused")));
        Assert.True(SchemaRegistryErrors.IsTransient(new TaskCanceledException("timeout")));
        Assert.False(SchemaRegistryErrors.IsTransient(new InvalidDataException("not wire format")));
        Assert.False(SchemaRegistryErrors.IsTransient(new AvroSchemaIncompatibleException("field owner")));
    }

    [Fact]
    public void The_worker_classifier_tells_a_registry_404_from_a_network_failure_although_both_are_HttpRequestExceptions()
    {
        var notFound = new SchemaRegistryException("schema not found", HttpStatusCode.NotFound, 40403);

        Assert.True(new DefaultTransientErrorClassifier().IsTransient(notFound)); // why the translation registers its own
        Assert.False(new SchemaRegistryErrorClassifier().IsTransient(notFound));
        Assert.True(new SchemaRegistryErrorClassifier().IsTransient(new HttpRequestException("connection refused")));
        Assert.True(new SchemaRegistryErrorClassifier().IsTransient(new TransientException("broker down")));
    }
}
