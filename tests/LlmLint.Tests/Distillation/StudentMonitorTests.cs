using LlmLint.Distillation;

namespace LlmLint.Tests.Distillation;

public sealed class StudentMonitorTests
{
    [Fact]
    public void Agreeing_checks_keep_the_student_on_and_the_held_out_evidence_rolls_out_without_shrinking_the_evidence()
    {
        var monitor = new StudentMonitor(new StudentHeldOutResult(500, 300, 300, 0.99), target: 0.97, window: 100, minChecks: 10);

        for (int i = 0; i < 1000; i++)
        {
            Assert.True(monitor.Record(true), $"switched off after {i + 1} agreeing checks");
        }

        // 100 agreeing checks alone (the window) still vouch for 97%.
        Assert.True(monitor.LowerBound >= 0.97, $"lower bound {monitor.LowerBound:P2}");
    }

    [Fact]
    public void Disagreements_put_the_lower_bound_below_the_target_and_switch_the_student_off()
    {
        var monitor = new StudentMonitor(new StudentHeldOutResult(500, 300, 300, 0.99), target: 0.97, window: 100, minChecks: 10);
        int checks = 0;
        while (monitor.Record(false))
        {
            checks++;
        }

        Assert.InRange(checks, 9, 12); // judged from the tenth check on; by then the bound is well below
        Assert.True(monitor.LowerBound < 0.97);
    }

    [Fact]
    public void A_window_too_short_to_vouch_for_the_target_is_lengthened()
    {
        var monitor = new StudentMonitor(new StudentHeldOutResult(0, 0, 0, 0), target: 0.97, window: 10, minChecks: 1);
        bool on = true;
        for (int i = 0; i < 200; i++)
        {
            on = monitor.Record(true);
        }

        Assert.True(on, "200 agreeing checks in a window lengthened to 134 reach a 97% lower bound");
    }
}
