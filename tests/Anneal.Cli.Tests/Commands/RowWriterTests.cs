using Anneal.Cli.Commands;

namespace Anneal.Cli.Tests.Commands;

public class RowWriterTests
{
    [Fact]
    public void Csv_NonFiniteAndTinyValues_PrintRoundTrip()
    {
        // Given
        using var output = new StringWriter();
        using var writer = new CsvRowWriter(output);

        // When
        writer.Write(0, double.NaN);
        writer.Write(1, double.PositiveInfinity);
        writer.Write(2, double.NegativeInfinity);
        writer.Write(3, 1e-300);
        writer.Write(long.MaxValue, 0.1 + 0.2);
        writer.Complete();

        // Then
        output.ToString().ShouldBe("step,lr\n0,NaN\n1,Infinity\n2,-Infinity\n3,1E-300\n9223372036854775807,0.30000000000000004\n");
    }

    [Fact]
    public void Json_NonFiniteValues_AreNamedLiteralStrings()
    {
        // Given
        using var output = new StringWriter();
        using var writer = new JsonRowWriter(output);

        // When
        writer.Write(0, double.NaN);
        writer.Write(1, double.PositiveInfinity);
        writer.Write(2, double.NegativeInfinity);
        writer.Write(3, 1e-300);
        writer.Write(4, 0.1 + 0.2);
        writer.Complete();

        // Then
        output.ToString().ShouldBe(
            "[{\"step\":0,\"lr\":\"NaN\"},{\"step\":1,\"lr\":\"Infinity\"},{\"step\":2,\"lr\":\"-Infinity\"},{\"step\":3,\"lr\":1E-300},{\"step\":4,\"lr\":0.30000000000000004}]\n");
    }

    [Fact]
    public void Json_NoRows_IsAnEmptyArray()
    {
        // Given
        using var output = new StringWriter();
        using var writer = new JsonRowWriter(output);

        // When
        writer.Complete();

        // Then
        output.ToString().ShouldBe("[]\n");
    }
}
