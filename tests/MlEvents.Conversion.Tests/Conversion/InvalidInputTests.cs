using MlEvents.Contracts;
using static MlEvents.Conversion.Tests.Conversion.Events;

namespace MlEvents.Conversion.Tests.Conversion;

/// <summary>Invalid events are rejected with the field and the reason; nothing is dropped or guessed.</summary>
public sealed class InvalidInputTests
{
    private static readonly EventConverter Converter = new(new ConversionOptions());

    private static ValidationError SingleError(MlEvent e) =>
        Assert.Single(Assert.Throws<EventValidationException>(() => Converter.Convert(e)).Errors);

    [Fact]
    public void Missing_ids_are_named()
    {
        var error = SingleError(Of(new RunStarted { RunId = " " }));
        Assert.Equal("payload.runId", error.Field);
        Assert.Contains("required", error.Reason, StringComparison.Ordinal);

        var errors = Assert.Throws<EventValidationException>(() => Converter.Convert(Of(new ModelRegistered { ModelName = "", Version = "" }, id: ""))).Errors;
        Assert.Equal(["eventId", "payload.modelName", "payload.version"], errors.Select(e => e.Field));
    }

    [Fact]
    public void An_unknown_result_is_named()
    {
        var error = SingleError(Of(new RunFinished { RunId = "r", Result = (RunResult)42 }));
        Assert.Equal("payload.result", error.Field);
        Assert.Contains("RunResult", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_fields_are_named()
    {
        var error = SingleError(Of(new ExperimentUpserted { ExperimentId = "x", Description = new string('d', EventLimits.MaxDescriptionBytes + 1) }));
        Assert.Equal("payload.description", error.Field);
        Assert.Contains("limit", error.Reason, StringComparison.Ordinal);
        Assert.Equal("payload.runId", SingleError(Of(new RunStarted { RunId = new string('r', EventLimits.MaxIdLength + 1) })).Field);
    }

    [Fact]
    public void Bad_urn_parts_are_named()
    {
        Assert.Equal("payload.modelName", SingleError(Of(new ModelStageChanged { ModelName = "a\nb", Version = "1", Stage = "Production" })).Field);
        Assert.Equal("platform", SingleError(Of(new RunStarted { RunId = "r" }, platform: "ml flow")).Field);
    }

    [Fact]
    public void A_model_urn_longer_than_DataHub_accepts_is_a_conversion_error_naming_the_field()
    {
        // Each id is within the event limits, but the URN GMS would receive is over 512 bytes URL-encoded.
        var e = Of(new ModelRegistered { ModelName = new string('m', 300), Version = new string('v', 300) });
        var error = Assert.Throws<ConversionException>(() => Converter.Convert(e));
        Assert.Equal("payload.version", error.Field);
        Assert.Contains("512", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Readable_run_urns_count_url_encoding_against_the_limit()
    {
        var readable = new EventConverter(new ConversionOptions { UrnStyle = UrnStyle.Readable });
        // 170 × 'é' = 170 characters (valid) but 1,020 bytes once URL-encoded (%C3%A9).
        var e = Of(new RunStarted { RunId = new string('é', 170) });
        Assert.Equal("payload.runId", Assert.Throws<ConversionException>(() => readable.Convert(e)).Field);
        // The guid style hashes the id, so the same run converts.
        Assert.NotEmpty(Converter.Convert(e));
    }

    [Fact]
    public void The_DataHub_delimiter_character_is_refused_in_urns()
    {
        var e = Of(new ModelStageChanged { ModelName = "m", Version = "1", Stage = "a\u241Fb" });
        var error = Assert.Throws<ConversionException>(() => Converter.Convert(e));
        Assert.Equal("payload.stage", error.Field);
    }

    [Fact]
    public void Trailing_whitespace_that_would_end_a_urn_is_refused()
    {
        var e = Of(new ModelStageChanged { ModelName = "m", Version = "1", Stage = "Production " });
        Assert.Equal("payload.stage", Assert.Throws<ConversionException>(() => Converter.Convert(e)).Field);
    }

    [Fact]
    public void A_malformed_actor_urn_is_refused()
    {
        var error = Assert.Throws<ConversionException>(() => Converter.Convert(Of(new RunStarted { RunId = "r" }, actor: "urn:li:corpuser")));
        Assert.Equal("actor", error.Field);
    }
}
