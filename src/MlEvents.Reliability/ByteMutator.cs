using MlEvents.Translation.Serdes;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;

namespace MlEvents.Reliability;

/// <summary>Mutations aimed at a Confluent-framed Avro record: header damage, bit flips, varint extremes, cuts, splices.</summary>
public sealed class ByteMutator(Random random, int knownSchemaId)
{
    // Zig-zag varints of extreme values: huge positive/negative lengths and counts, long.MinValue.
    private static readonly byte[][] ExtremeVarints =
    [
        [0xFE, 0xFF, 0xFF, 0xFF, 0x0F],                               // int.MaxValue
        [0xFF, 0xFF, 0xFF, 0xFF, 0x0F],                               // int.MinValue
        [0x01],                                                       // -1
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], // long.MinValue
        [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], // long.MaxValue
        [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], // over-long varint
        [0x80, 0x80, 0x80, 0x40],                                     // 2^27 (a 128 MiB length)
    ];

    public byte[] RandomInput()
    {
        var bytes = new byte[random.Next(0, 200)];
        random.NextBytes(bytes);
        if (bytes.Length >= ConfluentWireFormat.HeaderSize && random.Next(2) == 0)
        {
            ConfluentWireFormat.Header(knownSchemaId).CopyTo(bytes, 0);
        }

        return bytes;
    }

    public byte[] Mutate(byte[] original)
    {
        var bytes = original.ToList();
        var rounds = 1 + random.Next(4);
        for (var i = 0; i < rounds && bytes.Count > ConfluentWireFormat.HeaderSize; i++)
        {
            // Mostly mutate the body so the registry lookup succeeds and the decoder and converter get exercised.
            var position = random.Next(10) == 0 ? random.Next(bytes.Count) : random.Next(ConfluentWireFormat.HeaderSize, bytes.Count);
            switch (random.Next(8))
            {
                case 0:
                    bytes[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[position] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.RemoveRange(position, Math.Min(bytes.Count - position, 1 + random.Next(8)));
                    break;
                case 3:
                    bytes.InsertRange(position, Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256)));
                    break;
                case 4:
                    bytes.RemoveRange(position, bytes.Count - position); // truncate
                    break;
                case 5:
                    bytes.InsertRange(position, ExtremeVarints[random.Next(ExtremeVarints.Length)]);
                    break;
                case 6:
                    var length = Math.Min(bytes.Count - position, 1 + random.Next(16));
                    bytes.InsertRange(random.Next(ConfluentWireFormat.HeaderSize, bytes.Count), bytes.GetRange(position, length)); // duplicate a slice
                    break;
                default:
                    bytes[position] = random.Next(2) == 0 ? (byte)0 : (byte)0xFF;
                    break;
            }
        }

        return [.. bytes];
    }
}
