using Avro;

namespace MlEvents.Contracts.Tests;

public class DocumentationTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "EVENTS.md"));

    private static IEnumerable<RecordSchema> Records()
    {
        yield return MlEventAvro.Schema;
        foreach (var payload in ((UnionSchema)MlEventAvro.Schema["payload"].Schema).Schemas.Cast<RecordSchema>())
        {
            yield return payload;
        }
        yield return (RecordSchema)((ArraySchema)((RecordSchema)((UnionSchema)MlEventAvro.Schema["payload"].Schema).Schemas[1])["inputDatasets"].Schema).ItemSchema;
    }

    [Fact]
    public void Every_field_of_every_record_is_documented_in_its_section()
    {
        var missing = new List<string>();
        foreach (var record in Records())
        {
            var section = Section(record.Name);
            missing.AddRange(record.Fields.Where(f => !section.Contains($"| `{f.Name}` |", StringComparison.Ordinal)).Select(f => $"{record.Name}.{f.Name}"));
        }
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_result_symbol_and_payload_key_is_documented()
    {
        Assert.All(Enum.GetNames<RunResult>(), symbol => Assert.Contains($"`{symbol}`", Doc, StringComparison.Ordinal));
        foreach (var e in TestEvents.Full())
        {
            var prefix = EventKeys.For(e).Split(':')[0];
            Assert.Contains($"`{prefix}:<platform>:", Doc, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Documented_limits_match_the_code()
    {
        Assert.Contains($"≤ 512 characters (`{nameof(EventLimits.MaxIdLength)}`)", Doc, StringComparison.Ordinal);
        Assert.Equal(512, EventLimits.MaxIdLength);
        Assert.Contains($"≤ 1,024 characters (`{nameof(EventLimits.MaxNameLength)}`)", Doc, StringComparison.Ordinal);
        Assert.Equal(1024, EventLimits.MaxNameLength);
        Assert.Contains($"`{nameof(EventLimits.MaxDescriptionBytes)}` = 65,536", Doc, StringComparison.Ordinal);
        Assert.Equal(65_536, EventLimits.MaxDescriptionBytes);
        Assert.Contains($"`{nameof(EventLimits.MaxPropertyValueBytes)}` = 16,384", Doc, StringComparison.Ordinal);
        Assert.Equal(16_384, EventLimits.MaxPropertyValueBytes);
        Assert.Contains($"≤ 1,000 entries / items (`{nameof(EventLimits.MaxCollectionItems)}`)", Doc, StringComparison.Ordinal);
        Assert.Equal(1000, EventLimits.MaxCollectionItems);
        Assert.Contains($"`{EventLimits.PlatformPattern}`", Doc, StringComparison.Ordinal);
        Assert.All(EventLimits.FabricTypes, f => Assert.Contains(f, Doc, StringComparison.Ordinal));
    }

    private static string Section(string recordName)
    {
        var start = Doc.IndexOf($"### {recordName}", StringComparison.Ordinal);
        Assert.True(start >= 0, $"EVENTS.md has no section '### {recordName}'");
        var end = Doc.IndexOf("\n### ", start + 4, StringComparison.Ordinal);
        return end < 0 ? Doc[start..] : Doc[start..end];
    }
}
