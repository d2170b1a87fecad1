using System.Text.Json.Nodes;
using Anneal.Tests.TestSupport;

namespace Anneal.Tests;

/// <summary>
/// Learning rates computed by <c>paddle.optimizer.lr</c> itself for the parameter sets of Paddle's own unit tests
/// (Fixtures/paddle-unit-tests.json, copied from shared/vectors). A fresh scheduler, stepped one epoch at a time,
/// must report each value within SPEC.md's tolerance.
/// </summary>
public class PaddleVectorTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases())
        {
            data.Add(c["name"]!.GetValue<string>());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Scheduler_SteppedFromFresh_MatchesPaddle(string name)
    {
        // Given
        var c = Cases().Single(x => x["name"]!.GetValue<string>() == name);
        var definition = ScheduleSpec.FromJson(ToSpecJson(c).ToJsonString());
        var expected = c["lrs"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
        var steps = c["steps"]!.GetValue<int>();
        var metrics = c["metrics"]?.AsArray().Select(x => x!.GetValue<double>()).ToArray();
        expected.Length.ShouldBe(steps + 1);

        // When
        var scheduler = definition.CreateScheduler();
        var actual = new List<double> { scheduler.LastLR };
        for (var i = 0; i < steps; i++)
        {
            if (scheduler is ReduceOnPlateauScheduler rop)
            {
                rop.Step(metrics![i]);
            }
            else
            {
                scheduler.Step();
            }

            actual.Add(scheduler.LastLR);
        }

        // Then
        for (var i = 0; i <= steps; i++)
        {
            Tolerance.ShouldMatch(actual[i], expected[i], $"{name} at epoch {i}");
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Spec_RoundTrips_ThroughTextAndJson(string name)
    {
        var c = Cases().Single(x => x["name"]!.GetValue<string>() == name);
        var definition = ScheduleSpec.FromJson(ToSpecJson(c).ToJsonString());

        var fromText = ScheduleSpec.Parse(definition.ToString()!);
        var fromJson = ScheduleSpec.FromJson(definition.ToJson());

        fromText.ToString().ShouldBe(definition.ToString());
        fromJson.ToString().ShouldBe(definition.ToString());
        fromText.ShouldBe(definition);
    }

    private static IEnumerable<JsonObject> Cases()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "paddle-unit-tests.json");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray().Select(x => x!.AsObject());
    }

    /// <summary>Turns a fixture case {scheduler, params} (nested alike) into Anneal's JSON spec {type, ...}.</summary>
    private static JsonObject ToSpecJson(JsonObject c)
    {
        var spec = new JsonObject { ["type"] = c["scheduler"]!.GetValue<string>() };
        foreach (var (key, value) in c["params"]!.AsObject())
        {
            spec[key] = value is JsonObject nested && nested.ContainsKey("scheduler")
                ? ToSpecJson(nested)
                : value?.DeepClone();
        }

        return spec;
    }
}
