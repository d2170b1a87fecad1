namespace Anneal.Tests.Scheduling;

public class SchedulerTests
{
    private static readonly Schedule Step = new StepDecay(0.5, 2, 0.8);

    [Fact]
    public void Create_Fresh_HasComputedEpochZero()
    {
        var scheduler = Step.CreateScheduler();

        scheduler.LastEpoch.ShouldBe(0);
        scheduler.LastLR.ShouldBe(0.5);
    }

    [Fact]
    public void Create_ResumedAfterK_StartsAtKPlusOne()
    {
        // SPEC §10: last_epoch=4 gives a first value at e=5, 0.5*0.8**2.
        var scheduler = Step.CreateScheduler(lastEpoch: 4);

        scheduler.LastEpoch.ShouldBe(5);
        scheduler.LastLR.ShouldBe(0.5 * Math.Pow(0.8, 2));
    }

    [Fact]
    public void Create_LastEpochBelowMinusOne_IsRefused()
        => Should.Throw<ArgumentOutOfRangeException>(() => Step.CreateScheduler(-2)).ParamName.ShouldBe("lastEpoch");

    [Fact]
    public void Step_ExplicitEpoch_LandsOnTheCurve_AndNegativeIsRefusedWithoutChange()
    {
        var scheduler = Step.CreateScheduler();

        scheduler.Step(7);
        scheduler.LastEpoch.ShouldBe(7);
        scheduler.LastLR.ShouldBe(0.5 * Math.Pow(0.8, 3));

        Should.Throw<ArgumentOutOfRangeException>(() => scheduler.Step(-1)).ParamName.ShouldBe("epoch");
        scheduler.LastEpoch.ShouldBe(7);
    }

    [Fact]
    public void State_SaveRestoreContinue_EqualsUninterruptedRun()
    {
        var a = Step.CreateScheduler();
        for (var i = 0; i < 5; i++)
        {
            a.Step();
        }

        var restored = LRScheduler.Restore(a.SaveState());
        var into = Step.CreateScheduler();
        into.LoadState(a.SaveState());

        for (var i = 0; i < 10; i++)
        {
            a.Step();
            restored.Step();
            into.Step();
            restored.LastLR.ShouldBe(a.LastLR);
            into.LastLR.ShouldBe(a.LastLR);
            restored.LastEpoch.ShouldBe(a.LastEpoch);
        }
    }

    [Fact]
    public void State_HasVersionAndSpec()
    {
        var scheduler = Step.CreateScheduler(lastEpoch: 4);

        scheduler.SaveState().ShouldBe(
            "{\"format\":\"anneal.scheduler\",\"version\":1,\"spec\":\"StepDecay(learning_rate=0.5, step_size=2, gamma=0.8)\",\"last_epoch\":5,\"last_lr\":0.32000000000000006}");
    }

    [Theory]
    [InlineData("{\"format\":\"anneal.scheduler\",\"version\":1,\"spec\":\"StepDecay(learning_rate=0.5, step_size=3, gamma=0.8)\",\"last_epoch\":5,\"last_lr\":0.4}", "is for StepDecay(learning_rate=0.5, step_size=3, gamma=0.8)")]
    [InlineData("{\"format\":\"anneal.scheduler\",\"version\":2,\"spec\":\"StepDecay(learning_rate=0.5, step_size=2, gamma=0.8)\",\"last_epoch\":5,\"last_lr\":0.32}", "version")]
    [InlineData("{\"format\":\"other\",\"version\":1}", "not an Anneal scheduler state")]
    [InlineData("{\"format\":\"anneal.scheduler\",\"version\":1,\"spec\":\"StepDecay(learning_rate=0.5, step_size=2, gamma=0.8)\",\"last_epoch\":5,\"last_lr\":0.5}", "inconsistent")]
    [InlineData("{\"format\":\"anneal.scheduler\",\"version\":1,\"spec\":\"StepDecay(learning_rate=0.5, step_size=2, gamma=0.8)\",\"last_epoch\":-3,\"last_lr\":0.5}", "outside the schedule")]
    [InlineData("{\"format\":\"anneal.scheduler\",\"version\":1,\"spec\":\"StepDecay(learning_rate=0.5, step_size=2, gamma=0.8)\",\"last_lr\":0.5}", "last_epoch")]
    [InlineData("not json", "not valid JSON")]
    public void LoadState_Refused_ChangesNothing(string state, string fragment)
    {
        var scheduler = Step.CreateScheduler();
        scheduler.Step();
        scheduler.Step();

        var ex = Should.Throw<ArgumentException>(() => scheduler.LoadState(state));

        ex.Message.ShouldContain(fragment);
        ex.ParamName.ShouldBe("state");
        scheduler.LastEpoch.ShouldBe(2);
        scheduler.LastLR.ShouldBe(0.4);
    }
}
