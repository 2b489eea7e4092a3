namespace MlEvents.Conversion.Tests.Conversion;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_are_standard_guid_underscore_and_valid()
    {
        var options = new ConversionOptions();
        Assert.Equal((WriteMode.Standard, UrnStyle.Guid, "_", "urn:li:corpuser:datahub"),
            (options.WriteMode, options.UrnStyle, options.ModelVersionSeparator, options.DefaultActor));
        Assert.Empty(options.Validate());
        Assert.Equal("Conversion", ConversionOptions.SectionName);
    }

    [Theory]
    [InlineData("a,b", "ModelVersionSeparator")]
    [InlineData(" ", "ModelVersionSeparator")]
    [InlineData("12345678901234567", "ModelVersionSeparator")]
    public void Bad_separators_are_reported(string separator, string field) =>
        Assert.Equal(field, Assert.Single(new ConversionOptions { ModelVersionSeparator = separator }.Validate()).Field);

    [Fact]
    public void Every_problem_is_reported_and_the_converter_refuses_them()
    {
        var options = new ConversionOptions { WriteMode = (WriteMode)7, UrnStyle = (UrnStyle)9, DefaultActor = "datahub" };
        Assert.Equal(["WriteMode", "UrnStyle", "DefaultActor"], options.Validate().Select(e => e.Field));
        var error = Assert.Throws<ArgumentException>(() => new EventConverter(options));
        Assert.Contains("DefaultActor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_separator_is_allowed()
    {
        Assert.Empty(new ConversionOptions { ModelVersionSeparator = "" }.Validate());
    }
}
