using MlEvents.Contracts;
using MlEvents.DataHub.Serialization;

namespace MlEvents.Conversion.Tests.Conversion;

public sealed class DeterminismTests
{
    [Fact]
    public void Identical_input_gives_byte_identical_mcps_in_the_same_order()
    {
        var first = McpJsonFile.Write(Samples.Convert(Samples.AirlineForecast()));
        var reparsed = Samples.AirlineForecast().Select(e => MlEventJson.Parse(MlEventJson.Serialize(e)));
        Assert.Equal(first, McpJsonFile.Write(Samples.Convert(reparsed)));
    }

    [Fact]
    public void Map_order_in_the_event_does_not_change_the_output()
    {
        var a = Events.Started("r", new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });
        var b = Events.Started("r", new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        var converter = new EventConverter(new ConversionOptions());
        Assert.Equal(McpJsonFile.Write(converter.Convert(a)), McpJsonFile.Write(converter.Convert(b)));
    }

    [Fact]
    public void One_converter_is_safe_to_share_between_threads()
    {
        var converter = new EventConverter(new ConversionOptions());
        var events = Samples.AirlineForecast();
        var expected = McpJsonFile.Write(events.SelectMany(converter.Convert));
        var results = new string[64];
        Parallel.For(0, results.Length, i => results[i] = McpJsonFile.Write(events.SelectMany(converter.Convert)));
        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
