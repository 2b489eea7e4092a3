using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MlEvents.Translation.Tests;

/// <summary>The in-process registry's raw HTTP contract (independent of our client).</summary>
public sealed class EmbeddedRegistryHttpTests
{
    private const string ContentType = "application/vnd.schemaregistry.v1+json";

    private static StringContent Body(string schema) =>
        new(JsonSerializer.Serialize(new { schema }), Encoding.UTF8, ContentType);

    private static async Task<(HttpStatusCode Status, JsonElement Json, string? ContentType)> SendAsync(HttpClient http, HttpMethod method, string path, HttpContent? content = null)
    {
        using var response = await http.SendAsync(new HttpRequestMessage(method, path) { Content = content });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, json, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Speaks_the_confluent_rest_contract()
    {
        await using var registry = await Registry.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(registry.Url + "/") };

        var root = await SendAsync(http, HttpMethod.Get, "");
        var registered = await SendAsync(http, HttpMethod.Post, "subjects/s1/versions", Body(TestSchemas.V1));
        var id = registered.Json.GetProperty("id").GetInt32();
        var lookup = await SendAsync(http, HttpMethod.Post, "subjects/s1", Body(TestSchemas.V1));
        var subjectsOfId = await SendAsync(http, HttpMethod.Get, $"schemas/ids/{id}/subjects");
        var version = await SendAsync(http, HttpMethod.Get, "subjects/s1/versions/1");
        var config = await SendAsync(http, HttpMethod.Get, "config");
        var put = await SendAsync(http, HttpMethod.Put, "config", new StringContent("{\"compatibility\":\"full\"}", Encoding.UTF8, ContentType));
        var configAfter = await SendAsync(http, HttpMethod.Get, "config");

        Assert.Equal(HttpStatusCode.OK, root.Status);
        Assert.Equal(ContentType, registered.ContentType);
        Assert.Equal((id, 1, "s1"), (lookup.Json.GetProperty("id").GetInt32(), lookup.Json.GetProperty("version").GetInt32(), lookup.Json.GetProperty("subject").GetString()));
        Assert.Equal(["s1"], subjectsOfId.Json.EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(id, version.Json.GetProperty("id").GetInt32());
        Assert.Equal("BACKWARD", config.Json.GetProperty("compatibilityLevel").GetString());
        Assert.Equal("FULL", put.Json.GetProperty("compatibility").GetString());
        Assert.Equal("FULL", configAfter.Json.GetProperty("compatibilityLevel").GetString());
    }

    [Theory]
    [InlineData("GET", "subjects/missing/versions", null, 404, 40401)]
    [InlineData("GET", "subjects/s1/versions/9", null, 404, 40402)]
    [InlineData("GET", "subjects/s1/versions/abc", null, 422, 42202)]
    [InlineData("GET", "schemas/ids/999", null, 404, 40403)]
    [InlineData("POST", "subjects/s1", TestSchemas.Other, 404, 40403)]
    [InlineData("POST", "subjects/s1/versions", "{\"type\":\"nonsense\"}", 422, 42201)]
    public async Task Errors_carry_confluent_codes(string method, string path, string? schema, int status, int errorCode)
    {
        await using var registry = await Registry.StartAsync();
        registry.Register("s1", TestSchemas.V1);
        using var http = new HttpClient { BaseAddress = new Uri(registry.Url + "/") };

        var answer = await SendAsync(http, new HttpMethod(method), path, schema is null ? null : Body(schema));

        Assert.Equal((status, errorCode), ((int)answer.Status, answer.Json.GetProperty("error_code").GetInt32()));
        Assert.Equal(ContentType, answer.ContentType);
        Assert.False(string.IsNullOrEmpty(answer.Json.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Answers_Confluents_association_lookup_with_404_which_its_serializer_reads_as_none()
    {
        await using var registry = await Registry.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(registry.Url + "/") };
        using var client = Registry.Client(registry.Url);

        using var answer = await http.GetAsync("associations/resources/cluster/events?resourceType=topic&associationType=value");
        var bytes = await new Confluent.SchemaRegistry.Serdes.AvroSerializer<Avro.Generic.GenericRecord>(
                client, new Confluent.SchemaRegistry.Serdes.AvroSerializerConfig { SubjectNameStrategy = Confluent.SchemaRegistry.SubjectNameStrategy.Associated })
            .SerializeAsync(TestSchemas.V1Record(), Registry.Value("events"));

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal(registry.Register("events-value", TestSchemas.V1), AvroBytes.SchemaId(bytes));
    }

    [Fact]
    public async Task Basic_auth_rejects_missing_credentials_with_401()
    {
        await using var registry = await Registry.StartAsync(new() { BasicAuthUserInfo = "u:p" });
        using var http = new HttpClient { BaseAddress = new Uri(registry.Url + "/") };

        var anonymous = await SendAsync(http, HttpMethod.Get, "subjects");
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("u:p"u8.ToArray()));
        var authorised = await SendAsync(http, HttpMethod.Get, "subjects");

        Assert.Equal((HttpStatusCode.Unauthorized, 40101), (anonymous.Status, anonymous.Json.GetProperty("error_code").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, authorised.Status);
    }
}
