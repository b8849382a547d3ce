namespace LlmLint.Distillation;

/// <summary>
/// The rolling evidence that a student still agrees with the teacher: the last <c>window</c> shadow checks, with the held-out
/// result as the starting evidence that rolls out, one capture per check, as checks arrive. The student stays on while the one-sided 95% lower bound
/// (<see cref="ConfidenceThreshold.WilsonLower"/>) of the agreement reaches the target.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class StudentMonitor
{
    private readonly bool[] _ring;
    private readonly double _priorTrials;
    private readonly double _priorAgreed;
    private readonly double _target;
    private readonly int _minChecks;
    private readonly object _gate = new();
    private int _count;
    private int _next;
    private int _agreed;
    private long _checks;

    public StudentMonitor(StudentHeldOutResult heldOut, double target, int window, int minChecks)
    {
        // A window too short to ever vouch for the target (n of n agreeing needs n ≈ 2.7/(1 − target)) is lengthened.
        _ring = new bool[Math.Max(window, (int)Math.Ceiling(4 / (1 - target)))];
        _priorTrials = heldOut.Answered;
        _priorAgreed = heldOut.Agreed;
        _target = target;
        _minChecks = minChecks;
    }

    /// <summary>Gets the number of shadow checks recorded.</summary>
    public long Checks => Volatile.Read(ref _checks);

    /// <summary>Gets the current lower bound of the agreement.</summary>
    public double LowerBound
    {
        get
        {
            lock (_gate)
            {
                return Bound();
            }
        }
    }

    /// <summary>Records one shadow check.</summary>
    /// <param name="agreed">Whether the student's answer equals the teacher's.</param>
    /// <returns><see langword="true"/> while the student may keep answering; <see langword="false"/> once the bound is below the target.</returns>
    public bool Record(bool agreed)
    {
        lock (_gate)
        {
            if (_count == _ring.Length)
            {
                _agreed -= _ring[_next] ? 1 : 0;
            }
            else
            {
                _count++;
            }

            _ring[_next] = agreed;
            _agreed += agreed ? 1 : 0;
            _next = (_next + 1) % _ring.Length;
            _checks++;
            return _checks < _minChecks || Bound() >= _target;
        }
    }

    private double Bound()
    {
        // The held-out evidence rolls out one capture per shadow check, so the evidence never shrinks below the held-out's.
        double prior = _priorTrials <= 0 ? 0 : Math.Max(0, _priorTrials - _checks) / _priorTrials;
        int trials = (int)Math.Round(_count + (_priorTrials * prior));
        int agreed = (int)Math.Round(_agreed + (_priorAgreed * prior));
        return ConfidenceThreshold.WilsonLower(Math.Min(agreed, trials), trials);
    }
}
