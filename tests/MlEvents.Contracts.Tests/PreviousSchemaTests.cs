using Avro;
using static MlEvents.Contracts.Tests.AvroTestHelpers;

namespace MlEvents.Contracts.Tests;

/// <summary>
/// BACKWARD_TRANSITIVE against every earlier schema (Schemas/MlEvent.v*.avsc, copies of schemas/MlEvent.avsc as it was
/// committed: v1 before metric steps, v2 before RunUpdated): the current reader (the worker) reads every event the old
/// writers wrote, and an old worker dead-letters the new payload type.
/// </summary>
public class PreviousSchemaTests
{
    private static RecordSchema Previous(int version) =>
        (RecordSchema)Schema.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", $"MlEvent.v{version}.avsc")));

    public static TheoryData<int, MlEvent> OldTypes()
    {
        var data = new TheoryData<int, MlEvent>();
        foreach (var version in new[] { 1, 2 })
        {
            foreach (var e in TestEvents.Full().Concat(TestEvents.Minimal()).Where(e => e.Payload is not RunUpdated))
            {
                data.Add(version, e);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(OldTypes))]
    public void The_current_reader_reads_every_event_of_a_previous_writer(int version, MlEvent mlEvent)
    {
        var previous = Previous(version);
        // The event as a previous writer would have written it (its schema lacks the fields added since).
        var asPrevious = Decode(Encode(MlEventAvro.ToGenericRecord(mlEvent), MlEventAvro.Schema), MlEventAvro.Schema, previous);
        var writtenByPrevious = Encode(asPrevious, previous);

        var read = MlEventAvro.FromGenericRecord(Decode(writtenByPrevious, previous, MlEventAvro.Schema));

        var expected = mlEvent.Payload switch
        {
            RunFinished f => mlEvent with
            {
                Payload = f with
                {
                    CustomProperties = new Dictionary<string, string>(),
                    MetricSteps = version < 2 ? new Dictionary<string, long>() : f.MetricSteps,
                    MetricTimestamps = version < 2 ? new Dictionary<string, long>() : f.MetricTimestamps,
                },
            },
            ModelGroupUpserted g => mlEvent with { Payload = g with { LatestVersion = null } },
            _ => mlEvent,
        };
        Assert.Equal(expected, read);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_previous_reader_cannot_resolve_RunUpdated_so_an_old_worker_dead_letters_it(int version)
    {
        var updated = TestEvents.Full().Single(e => e.Payload is RunUpdated);
        var bytes = Encode(MlEventAvro.ToGenericRecord(updated), MlEventAvro.Schema);

        var ex = Assert.ThrowsAny<AvroException>(() => Decode(bytes, MlEventAvro.Schema, Previous(version)));

        Assert.Contains("RunUpdated", ex.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Only_additions_with_defaults_separate_the_current_schema_from_a_previous_one(int version)
    {
        var previous = Previous(version);
        foreach (var previousPayload in ((UnionSchema)previous["payload"].Schema).Schemas.Cast<RecordSchema>())
        {
            var current = ((UnionSchema)MlEventAvro.Schema["payload"].Schema).Schemas.Cast<RecordSchema>().Single(s => s.Name == previousPayload.Name);
            Assert.Equal(previousPayload.Fields.Select(f => f.Name), current.Fields.Take(previousPayload.Fields.Count).Select(f => f.Name));
            Assert.All(current.Fields.Skip(previousPayload.Fields.Count), f => Assert.NotNull(f.DefaultValue));
        }
        var names = ((UnionSchema)MlEventAvro.Schema["payload"].Schema).Schemas.Cast<RecordSchema>().Select(s => s.Name).ToList();
        Assert.Equal(((UnionSchema)previous["payload"].Schema).Schemas.Cast<RecordSchema>().Select(s => s.Name), names.Take(names.Count - 1));
        Assert.Equal(nameof(RunUpdated), names[^1]);
    }
}
