using MlEvents.Conversion.Mapping;

namespace MlEvents.Conversion.Tests.Conversion;

/// <summary>Metric values are written as Python's str(float) writes them (DataHub's MLflow source: str(metric)).</summary>
public sealed class PythonFloatTests
{
    [Theory]
    [InlineData(0.9, "0.9")]
    [InlineData(1.0, "1.0")]
    [InlineData(-2.0, "-2.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(1e-4, "0.0001")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(123456789012345.0, "123456789012345.0")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.2345e20, "1.2345e+20")]
    [InlineData(double.MaxValue, "1.7976931348623157e+308")]
    [InlineData(double.Epsilon, "5e-324")]
    [InlineData(12.5, "12.5")]
    [InlineData(100.0, "100.0")]
    public void Matches_Python_repr(double value, string expected) => Assert.Equal(expected, PythonFloat.Repr(value));

    [Fact]
    public void Round_trips()
    {
        var random = new Random(42);
        for (var i = 0; i < 10_000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(value))
            {
                continue;
            }

            Assert.Equal(value, double.Parse(PythonFloat.Repr(value), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void The_fixed_layout_shortcut_agrees_with_the_general_layout_at_every_magnitude()
    {
        var random = new Random(7);
        for (var exponent = -6; exponent <= 17; exponent++)
        {
            for (var i = 0; i < 2_000; i++)
            {
                var value = (random.NextDouble() + (i % 3 == 0 ? 0 : random.Next(1, 9))) * Math.Pow(10, exponent) * (i % 2 == 0 ? 1 : -1);
                value = i % 5 == 0 && Math.Abs(value) >= 1 ? Math.Round(value) : value;
                var text = value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(PythonFloat.FromDigits(text), PythonFloat.Repr(value));
            }
        }
    }
}
