using MlEvents.Bench.Measurement;
using MlEvents.Bench.Workload;
using MlEvents.Contracts;
using MlEvents.Conversion;

namespace MlEvents.Bench.Tests;

public sealed class WorkloadTests
{
    [Fact]
    public void Mix_spreads_types_in_proportion_over_any_period()
    {
        var mix = EventMix.Parse("RunStarted=3, runfinished=1");

        var window = Enumerable.Range(100, 40).Select(i => mix.TypeOf(i)).ToList();

        Assert.Equal(30, window.Count(t => t == nameof(RunStarted)));
        Assert.Equal(10, window.Count(t => t == nameof(RunFinished)));
        Assert.Equal("RunStarted=3,RunFinished=1", mix.ToString());
    }

    [Theory]
    [InlineData("Unknown=1")]
    [InlineData("RunStarted")]
    [InlineData("RunStarted=-1")]
    [InlineData("RunStarted=0")]
    public void Mix_rejects_bad_text(string text) => Assert.Throws<FormatException>(() => EventMix.Parse(text));

    [Theory]
    [InlineData(nameof(RunStarted))]
    [InlineData(nameof(RunFinished))]
    [InlineData(nameof(ModelRegistered))]
    public void Every_generated_event_is_valid_and_converts(string type)
    {
        var converter = new EventConverter(new ConversionOptions());
        for (var i = 0; i < 50; i++)
        {
            var mlEvent = EventFactory.Create(i, type);
            Assert.Equal(type, mlEvent.Payload.TypeName);
            Assert.NotEmpty(converter.Convert(mlEvent));
        }
    }

    [Fact]
    public void Partitions_keep_each_under_the_retention_cap()
    {
        var sizes = new WorkloadSizes(EventBytes: 500, McpsPerEvent: 5, McpBytes: 600);

        Assert.Equal(4, sizes.PartitionsFor(100));
        var partitions = sizes.PartitionsFor(1_000_000);
        Assert.True(1_000_000 * 5 * 600.0 / partitions <= 3 * 1024 * 1024, $"{partitions} partitions");
    }

    [Fact]
    public void Histogram_percentiles_are_within_its_resolution()
    {
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.Record(TimeSpan.FromMilliseconds(ms));
        }

        Assert.Equal(1000, histogram.Count);
        Assert.InRange(histogram.Percentile(0.5).TotalMilliseconds, 500, 505.1);
        Assert.InRange(histogram.Percentile(0.99).TotalMilliseconds, 990, 1000);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), histogram.Max);
        Assert.Equal(TimeSpan.Zero, new LatencyHistogram().Percentile(0.99));
    }
}
