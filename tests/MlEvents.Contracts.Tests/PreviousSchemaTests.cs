using Avro;
using static MlEvents.Contracts.Tests.AvroTestHelpers;

namespace MlEvents.Contracts.Tests;

/// <summary>
/// BACKWARD_TRANSITIVE against the schema as it was before RunUpdated (Schemas/MlEvent.v1.avsc, a copy of the
/// committed schemas/MlEvent.avsc of that time): the current reader (the worker) reads every event the old writers wrote.
/// </summary>
public class PreviousSchemaTests
{
    private static readonly RecordSchema Previous =
        (RecordSchema)Schema.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "MlEvent.v1.avsc")));

    public static TheoryData<MlEvent> OldTypes()
    {
        var data = new TheoryData<MlEvent>();
        foreach (var e in TestEvents.Full().Concat(TestEvents.Minimal()).Where(e => e.Payload is not RunUpdated))
        {
            data.Add(e);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(OldTypes))]
    public void The_current_reader_reads_every_event_of_a_previous_writer(MlEvent mlEvent)
    {
        // The event as a previous writer would have written it (its schema lacks the fields added since).
        var asPrevious = Decode(Encode(MlEventAvro.ToGenericRecord(mlEvent), MlEventAvro.Schema), MlEventAvro.Schema, Previous);
        var writtenByPrevious = Encode(asPrevious, Previous);

        var read = MlEventAvro.FromGenericRecord(Decode(writtenByPrevious, Previous, MlEventAvro.Schema));

        var expected = mlEvent.Payload switch
        {
            RunFinished f => mlEvent with { Payload = f with { CustomProperties = new Dictionary<string, string>() } },
            ModelGroupUpserted g => mlEvent with { Payload = g with { LatestVersion = null } },
            _ => mlEvent,
        };
        Assert.Equal(expected, read);
    }

    [Fact]
    public void A_previous_reader_cannot_resolve_RunUpdated_so_an_old_worker_dead_letters_it()
    {
        var updated = TestEvents.Full().Single(e => e.Payload is RunUpdated);
        var bytes = Encode(MlEventAvro.ToGenericRecord(updated), MlEventAvro.Schema);

        var ex = Assert.ThrowsAny<AvroException>(() => Decode(bytes, MlEventAvro.Schema, Previous));

        Assert.Contains("RunUpdated", ex.Message);
    }

    [Fact]
    public void Only_additions_with_defaults_separate_the_current_schema_from_the_previous()
    {
        foreach (var previousPayload in ((UnionSchema)Previous["payload"].Schema).Schemas.Cast<RecordSchema>())
        {
            var current = ((UnionSchema)MlEventAvro.Schema["payload"].Schema).Schemas.Cast<RecordSchema>().Single(s => s.Name == previousPayload.Name);
            Assert.Equal(previousPayload.Fields.Select(f => f.Name), current.Fields.Take(previousPayload.Fields.Count).Select(f => f.Name));
            Assert.All(current.Fields.Skip(previousPayload.Fields.Count), f => Assert.NotNull(f.DefaultValue));
        }
        var names = ((UnionSchema)MlEventAvro.Schema["payload"].Schema).Schemas.Cast<RecordSchema>().Select(s => s.Name).ToList();
        Assert.Equal(((UnionSchema)Previous["payload"].Schema).Schemas.Cast<RecordSchema>().Select(s => s.Name), names.Take(names.Count - 1));
        Assert.Equal(nameof(RunUpdated), names[^1]);
    }
}
