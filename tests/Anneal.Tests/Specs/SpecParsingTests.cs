namespace Anneal.Tests.Specs;

public class SpecParsingTests
{
    [Theory]
    [InlineData("StepDecay(learning_rate=0.5, step_size=2, gamma=0.8)")]
    [InlineData("paddle.optimizer.lr.StepDecay(learning_rate=0.5, step_size=2, gamma=0.8)")]
    [InlineData("  StepDecay( learning_rate = 0.5 ,step_size=2,gamma=8e-1, )  ")]
    [InlineData("StepDecay(gamma=0.8, step_size=2, learning_rate=0.5)")]
    public void Parse_EquivalentTexts_GiveTheCanonicalSpec(string text)
    {
        var schedule = Schedule.Parse(text);

        schedule.ShouldBeOfType<StepDecay>();
        schedule.ToString().ShouldBe("StepDecay(learning_rate=0.5, step_size=2, gamma=0.8)");
    }

    [Fact]
    public void ToString_LeavesOutDefaults_AndWritesFloatsPythonStyle()
    {
        new StepDecay(1, 30).ToString().ShouldBe("StepDecay(learning_rate=1.0, step_size=30)");
        new CosineAnnealingDecay(0.1, 100, 1e-8).ToString().ShouldBe("CosineAnnealingDecay(learning_rate=0.1, T_max=100, eta_min=1e-08)");
    }

    [Fact]
    public void Parse_NestedSchedule_RoundTrips()
    {
        const string text = "LinearWarmup(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=90), warmup_steps=10, start_lr=0.0, end_lr=0.1)";

        var schedule = Schedule.Parse(text);

        schedule.ToString().ShouldBe(text);
        var warmup = schedule.ShouldBeOfType<LinearWarmup>();
        warmup.Inner.ShouldBeOfType<CosineAnnealingDecay>().TMax.ShouldBe(90);
    }

    [Theory]
    [InlineData("ReduceOnPlateau(learning_rate=1.0, mode='MAX')", "ReduceOnPlateau(learning_rate=1.0, mode='max')")]
    [InlineData("ReduceOnPlateau(learning_rate=1.0, mode=\"max\", threshold_mode='Abs')", "ReduceOnPlateau(learning_rate=1.0, mode='max', threshold_mode='abs')")]
    [InlineData("ReduceOnPlateau(learning_rate=1, patience=3, cooldown=1)", "ReduceOnPlateau(learning_rate=1.0, patience=3, cooldown=1)")]
    public void Parse_ModeStrings_AreCaseInsensitiveLikePaddle(string text, string canonical)
        => ScheduleSpec.Parse(text).ToString().ShouldBe(canonical);

    [Fact]
    public void Parse_BooleansAcceptBothSpellings()
    {
        // PolynomialDecay has a boolean parameter (cycle).
        ScheduleSpec.Parse("PolynomialDecay(learning_rate=0.5, decay_steps=20, cycle=true)").ToString()
            .ShouldBe(ScheduleSpec.Parse("PolynomialDecay(learning_rate=0.5, decay_steps=20, cycle=True)").ToString());
    }

    [Theory]
    [InlineData("", 0, null, "empty spec")]
    [InlineData("StepDecay", 9, null, "expected '(' after 'StepDecay'")]
    [InlineData("StepDecay(learning_rate=0.5, step_size=2", 40, null, "unclosed '(' of StepDecay")]
    [InlineData("StepDecay(0.5, 2)", 10, null, "expected 'name=value'")]
    [InlineData("StepDecay(learning_rate=0.5, step_size=2) extra", 42, null, "unexpected 'e' after the end")]
    [InlineData("StepDecay(learning_rate=0.5.1, step_size=2)", 24, null, "malformed number")]
    [InlineData("StepDecay(learning_rate=inf, step_size=2)", 24, null, "'inf' is not allowed")]
    [InlineData("StepDecay(learning_rate='0.5, step_size=2)", 24, null, "unterminated string")]
    [InlineData("StepDecay(learning_rate=0.5, step_size=2.0)", 39, "step_size", "expected an integer literal")]
    [InlineData("StepDecay(learning_rate=0.5, step_size=0)", 29, "step_size", "step_size = 0 must be an integer > 0")]
    [InlineData("StepDecay(learning_rate=0.5, step_size=2, gamma=1.0)", 42, "gamma", "gamma = 1.0 must be in [0.0, 1.0)")]
    [InlineData("StepDecay(learning_rate=-0.5, step_size=2)", 10, "learning_rate", "learning_rate = -0.5 must be >= 0")]
    [InlineData("StepDecay(learning_rate=0.5, step_sise=2)", 29, "step_sise", "did you mean 'step_size'?")]
    [InlineData("StepDecay(learning_rate=0.5)", 0, "step_size", "missing required parameter 'step_size' of StepDecay")]
    [InlineData("StepDecay(learning_rate=0.5, step_size=2, step_size=3)", 42, "step_size", "given twice")]
    [InlineData("StepDecay(learning_rate=0.5, step_size=2, last_epoch=3)", 42, "last_epoch", "belongs to the scheduler")]
    [InlineData("StepDecay(learning_rate='0.5', step_size=2)", 24, "learning_rate", "expected a number")]
    [InlineData("StepDecay(learning_rate=[0.5], step_size=2)", 24, "learning_rate", "expected a number")]
    [InlineData("StepDecai(learning_rate=0.5, step_size=2)", 0, null, "unknown schedule 'StepDecai'; did you mean 'StepDecay'?")]
    [InlineData("ReduceOnPlateau(learning_rate=1.0, mode='minimum')", 40, "mode", "expected one of 'min', 'max'")]
    public void Parse_BadText_IsRefusedWithPositionParameterAndRule(string text, int position, string? parameter, string fragment)
    {
        var ex = Should.Throw<SpecException>(() => ScheduleSpec.Parse(text));

        ex.Message.ShouldContain(fragment);
        ex.Message.ShouldNotContain("\n");
        ex.Position.ShouldBe(position);
        ex.Parameter.ShouldBe(parameter);
        ex.ParamName.ShouldBe(parameter);
        ex.ShouldBeAssignableTo<ArgumentException>();
    }

    [Fact]
    public void Parse_ErrorInsideLambda_PointsIntoTheExpression()
    {
        const string text = "LambdaDecay(learning_rate=0.5, lr_lambda='0.95 ** epoh')";

        var ex = Should.Throw<SpecException>(() => Schedule.Parse(text));

        ex.Parameter.ShouldBe("lr_lambda");
        ex.Position.ShouldBe(text.IndexOf("epoh", StringComparison.Ordinal));
        ex.Message.ShouldContain("did you mean 'epoch'?");
    }

    [Fact]
    public void Parse_RefusesWarmupOverReduceOnPlateau()
    {
        var ex = Should.Throw<SpecException>(() => Schedule.Parse(
            "LinearWarmup(learning_rate=ReduceOnPlateau(learning_rate=0.1), warmup_steps=5, start_lr=0.0, end_lr=0.1)"));

        ex.Parameter.ShouldBe("learning_rate");
        ex.Message.ShouldContain("ReduceOnPlateau cannot be wrapped");
    }

    [Fact]
    public void SchedulePrase_OfReduceOnPlateau_SaysToUseScheduleSpec()
    {
        var ex = Should.Throw<SpecException>(() => Schedule.Parse("ReduceOnPlateau(learning_rate=0.1)"));

        ex.Message.ShouldContain("driven by metrics");
    }

    [Fact]
    public void Json_HasTheDesignShape_AndRoundTrips()
    {
        var schedule = new CosineAnnealingDecay(0.1, 100);

        var json = schedule.ToJson();

        json.ShouldBe("{\"type\":\"CosineAnnealingDecay\",\"learning_rate\":0.1,\"T_max\":100}");
        Schedule.FromJson(json).ShouldBe(schedule);
        Schedule.FromJson("{\"type\": \"CosineAnnealingDecay\", \"learning_rate\": 0.1, \"T_max\": 100}").ShouldBe(schedule);
    }

    [Fact]
    public void Json_NestedSchedulesAreObjects()
    {
        var schedule = new LinearWarmup(new StepDecay(0.1, 30), 5, 0.0, 0.1);

        var json = schedule.ToJson();

        json.ShouldBe("{\"type\":\"LinearWarmup\",\"learning_rate\":{\"type\":\"StepDecay\",\"learning_rate\":0.1,\"step_size\":30},\"warmup_steps\":5,\"start_lr\":0.0,\"end_lr\":0.1}");
        Schedule.FromJson(json).ShouldBe(schedule);
    }

    [Theory]
    [InlineData("{\"type\":\"CosineAnnealingDecay\",\"learning_rate\":0.1,\"T_max\":100.0}", "T_max", "integer literal")]
    [InlineData("{\"learning_rate\":0.1}", null, "missing \"type\"")]
    [InlineData("{\"type\":\"CosineAnnealingDecay\",\"learning_rate\":0.1,", null, "malformed JSON")]
    [InlineData("[1,2]", null, "expected an object")]
    [InlineData("{\"type\":\"CosineAnnealingDecay\",\"learning_rate\":0.1,\"T_mx\":100}", "T_mx", "did you mean 'T_max'?")]
    public void Json_BadInput_IsRefused(string json, string? parameter, string fragment)
    {
        var ex = Should.Throw<SpecException>(() => ScheduleSpec.FromJson(json));

        ex.Message.ShouldContain(fragment);
        ex.Parameter.ShouldBe(parameter);
    }

    [Fact]
    public void Names_ListEverySeventeenPaddleSchedules()
    {
        string[] paddle =
        [
            "NoamDecay", "PiecewiseDecay", "NaturalExpDecay", "InverseTimeDecay", "PolynomialDecay", "LinearWarmup",
            "ExponentialDecay", "MultiStepDecay", "StepDecay", "LambdaDecay", "MultiplicativeDecay", "ReduceOnPlateau",
            "CosineAnnealingDecay", "OneCycleLR", "CyclicLR", "LinearLR", "CosineAnnealingWarmRestarts",
        ];

        paddle.Except(ScheduleSpec.Names).ShouldBeEmpty();
    }

    [Fact]
    public void Equality_FollowsTheSpec()
    {
        new StepDecay(0.5, 2, 0.8).ShouldBe(new StepDecay(0.5, 2, 0.8));
        new StepDecay(0.5, 2, 0.8).GetHashCode().ShouldBe(new StepDecay(0.5, 2, 0.8).GetHashCode());
        new StepDecay(0.5, 2, 0.8).ShouldNotBe(new StepDecay(0.5, 3, 0.8));
    }

    [Fact]
    public void Parse_PaddleScheduleInsideATorchContainer_SaysWhatIsAllowed()
    {
        var ex = Should.Throw<SpecException>(() => Schedule.Parse(
            "torch.SequentialLR(lr=0.1, schedulers=[StepDecay(step_size=3), torch.StepLR(step_size=2)], milestones=[5])"));

        ex.Parameter.ShouldBe("schedulers");
        ex.Message.ShouldContain("StepDecay is not allowed in torch.SequentialLR: its schedulers are torch.* schedules");
    }

    [Fact]
    public void Parse_PaddlePrefixIsNotATorchPrefix()
    {
        Should.Throw<SpecException>(() => Schedule.Parse("paddle.optimizer.lr.torch.StepLR(lr=0.1, step_size=2)"))
            .Message.ShouldContain("unknown schedule 'paddle.optimizer.lr.torch.StepLR'");
        Schedule.Parse("torch.StepLR(lr=0.1, step_size=2)").ToString().ShouldBe("torch.StepLR(lr=0.1, step_size=2)");
    }
}
