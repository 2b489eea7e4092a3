using System.Reflection;
using Confluent.Kafka;
using MlEvents.Worker.Configuration;

namespace MlEvents.Integration.Tests.Worker;

public sealed class SecretMaskingTests
{
    /// <summary>Every setting of Confluent.Kafka's config classes, by the librdkafka name it sets.</summary>
    public static TheoryData<string, string> AllKafkaSettings()
    {
        var data = new TheoryData<string, string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in new[] { typeof(ConsumerConfig), typeof(ProducerConfig), typeof(AdminClientConfig) })
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.PropertyType == typeof(string)))
            {
                var config = (ClientConfig)Activator.CreateInstance(type)!;
                property.SetValue(config, "x");
                var key = config.Single(setting => setting.Value == "x").Key;
                if (seen.Add(key))
                {
                    data.Add(key, property.Name);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllKafkaSettings))]
    public void Every_librdkafka_setting_that_holds_a_secret_is_masked_by_the_rule(string key, string propertyName)
    {
        var knownSecret = SecretMasking.KnownSecrets.Contains(key) || SecretMasking.KnownSecrets.Contains(propertyName);
        if (knownSecret)
        {
            Assert.True(SecretMasking.IsSecret(key), key);
            Assert.True(SecretMasking.IsSecret(propertyName), propertyName);
            Assert.Equal(SecretMasking.Mask, SecretMasking.Render(key, "S3cr3t"));
        }

        // A name that sounds like a secret is masked whatever librdkafka calls it.
        foreach (var word in new[] { "password", "secret", "passphrase", "token", "key", "credentials" })
        {
            if (key.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                Assert.True(SecretMasking.IsSecret(key), key);
            }
        }
    }

    [Fact]
    public void Every_known_secret_is_masked_and_the_list_covers_the_sensitive_settings_confluent_kafka_exposes()
    {
        Assert.All(SecretMasking.KnownSecrets, key => Assert.True(SecretMasking.IsSecret(key), key));
        var keys = AllKafkaSettings().Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var sensitive in new[] { "sasl.password", "ssl.key.password", "ssl.key.pem", "ssl.keystore.password", "sasl.oauthbearer.config",
                     "sasl.oauthbearer.client.secret", "sasl.oauthbearer.assertion.private.key.passphrase", "sasl.oauthbearer.assertion.private.key.pem" })
        {
            Assert.Contains(sensitive, keys); // the reflection above really sees them
            Assert.Contains(sensitive, SecretMasking.KnownSecrets);
        }
    }

    [Theory]
    [InlineData("Kafka:Common:SASL_PASSWORD")]
    [InlineData("my.custom.api-key")]
    [InlineData("SchemaRegistry:BearerAuthToken")]
    [InlineData("schema.registry.basic.auth.user.info")]
    [InlineData("some.oauth.Credentials.file")]
    public void Names_spelled_any_way_are_masked(string key) => Assert.True(SecretMasking.IsSecret(key), key);

    [Theory]
    [InlineData("http://user:p@ss@registry:8081/api", "http://*****@registry:8081/api")]
    [InlineData("SASL_SSL://alice:secret@b1:9092,b2:9092", "SASL_SSL://*****@b1:9092,b2:9092")]
    [InlineData("http://registry:8081", "http://registry:8081")]
    public void Url_user_info_is_masked_up_to_the_last_at_sign(string value, string expected) =>
        Assert.Equal(expected, SecretMasking.Render("schema.registry.url", value));

    [Fact]
    public void Described_settings_never_contain_a_secret_value()
    {
        var settings = AllKafkaSettings().Select(row => (string)row[0]).Where(SecretMasking.IsSecret)
            .ToDictionary(key => key, key => $"S3cr3t-{key}");
        var described = SecretMasking.Describe(settings);
        Assert.DoesNotContain("S3cr3t", described, StringComparison.Ordinal);
    }
}
