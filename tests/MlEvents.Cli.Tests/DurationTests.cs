using MlEvents.Cli.Conventions;

namespace MlEvents.Cli.Tests;

public sealed class DurationTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2", 2_000)]
    [InlineData(" 30 ", 30_000)]
    public void Parses_a_number_with_a_unit_and_a_bare_number_as_seconds(string text, int milliseconds)
    {
        Assert.True(Duration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("00:00:03")]
    [InlineData("2d")]
    [InlineData("10 s")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("5sec")]
    [InlineData("")]
    [InlineData("999999h")]
    public void Refuses_anything_else(string text)
    {
        Assert.False(Duration.TryParse(text, out _));
    }

    [Theory]
    [InlineData(10_000, "10s")]
    [InlineData(120_000, "2m")]
    [InlineData(90_000, "1m30s")]
    [InlineData(500, "500ms")]
    [InlineData(3_600_000, "1h")]
    public void Formats_in_the_same_style_it_parses(int milliseconds, string text)
    {
        Assert.Equal(text, Duration.Format(TimeSpan.FromMilliseconds(milliseconds)));
        Assert.True(Duration.TryParse(text, out var back));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), back);
    }
}
