using MlEvents.Worker.Diagnostics;

namespace MlEvents.Integration.Tests.Worker;

public sealed class InputTextTests
{
    [Fact]
    public void No_string_escapes_to_a_line_break_a_control_or_a_format_character_and_every_short_one_round_trips()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 80)];
            for (var j = 0; j < chars.Length; j++)
            {
                // Half from the dangerous ranges (C0, C1, bidi/format, separators, surrogates), half anywhere in the BMP.
                chars[j] = random.Next(4) switch
                {
                    0 => (char)random.Next(0, 0x20),
                    1 => (char)random.Next(0x7F, 0xA0),
                    2 => "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\u061c\ufeff\\\ud800\udc00"[random.Next(18)],
                    _ => (char)random.Next(0, 0x10000),
                };
            }

            var text = new string(chars);
            var escaped = InputText.Escape(text, InputText.LogLimit);
            HostileRecordTests.AssertSingleLine(escaped);
            Assert.Equal(text, HostileRecordTests.Unescape(escaped));
        }
    }

    [Theory]
    [InlineData(100, 64)]
    [InlineData(5_000, 1024)]
    [InlineData(1_000_000, 16 * 1024)]
    public void Long_text_is_cut_at_the_bound_with_a_marker_naming_its_length(int length, int bound)
    {
        var text = string.Concat(Enumerable.Repeat("a\u001b[2K\n", length / 6 + 1))[..length];

        var escaped = InputText.Escape(text, bound);

        Assert.InRange(escaped.Length, bound - 64, bound);
        Assert.EndsWith($"[truncated: {length} characters in all]", escaped, StringComparison.Ordinal);
        HostileRecordTests.AssertSingleLine(escaped);
    }

    [Fact]
    public void Plain_text_is_returned_as_it_is()
    {
        const string text = "payload.runId must not be empty (événement 🚀)";
        Assert.Equal(text, InputText.Escape(text, InputText.LogLimit));
    }
}
