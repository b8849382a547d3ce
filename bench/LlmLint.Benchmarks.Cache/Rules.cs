using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

// A rule returns the index of the served neighbour, or -1 for a miss.
delegate int Rule(Q q, float threshold);

static class Rules
{
    public static void Run(string mode, List<Prepared> sets)
    {
        if (mode == "features") { Features(sets); return; }
        if (mode == "lex") { Lex(sets); return; }
        if (mode == "detail") { Detail(sets); return; }
        if (mode == "ex")
        {
            foreach (var p in sets)
            {
                int shown = 0;
                for (int i = 0; i < p.Qs.Length && shown < 25; i++)
                {
                    var n0 = p.Qs[i].Ns[0];
                    if (n0.Sim < 0.8f || n0.LexKind != int.Parse(Environment.GetEnvironmentVariable("KIND") ?? "4") || n0.Same != (Environment.GetEnvironmentVariable("SAME") != "0")) continue;
                    shown++;
                    string qt = p.Ds.Queries[i].Text, st = p.Ds.Store[n0.Store].Text;
                    Console.WriteLine($"[{p.Name} {n0.Sim:0.000}] {p.Guard.Verify(qt, st, n0.Sim).Reason}\n   Q: {qt}\n   S: {st}");
                }
            }
            return;
        }
        Sweep(sets);
    }

    static void Lex(List<Prepared> sets)
    {
        foreach (var p in sets)
        {
            var r = new int[7]; var w = new int[7];
            foreach (var q in p.Qs) { if (q.Ns[0].Sim < 0.80f) continue; (q.Ns[0].Same ? r : w)[q.Ns[0].LexKind]++; }
            Console.WriteLine($"{p.Name} top1>=0.80 right by kind (acc,num,id,neg,swap,few,other): {string.Join(",", r)}  wrong: {string.Join(",", w)}");
        }
    }

    static void Features(List<Prepared> sets)
    {
        foreach (var p in sets)
        {
            Console.WriteLine($"== {p.Name}");
            var right = new List<(float gap, float norm, int sup, float cab, float s1)>();
            var wrong = new List<(float gap, float norm, int sup, float cab, float s1)>();
            foreach (var q in p.Qs)
            {
                var n = q.Ns;
                if (n[0].Sim < 0.80f) continue;
                int b = -1; int sup = 1;
                for (int j = 1; j < n.Length; j++) { if (n[j].Answer != n[0].Answer) { b = j; break; } sup++; }
                if (b < 0) continue;
                float gap = n[0].Sim - n[b].Sim; float cab = q.Pair[0, b];
                float norm = gap / MathF.Sqrt(MathF.Max(1e-6f, 2 * (1 - cab)));
                (n[0].Same ? right : wrong).Add((gap, norm, sup, cab, n[0].Sim));
            }
            void Q(string label, IEnumerable<float> xs)
            {
                var a = xs.OrderBy(x => x).ToArray();
                if (a.Length == 0) { Console.WriteLine(label + " none"); return; }
                string f(double qq) => a[(int)Math.Min(a.Length - 1, qq * a.Length)].ToString("0.000", CultureInfo.InvariantCulture);
                Console.WriteLine($"{label,-14} n={a.Length,5} p10={f(.1)} p25={f(.25)} p50={f(.5)} p75={f(.75)} p90={f(.9)}");
            }
            Q("gap right", right.Select(x => x.gap)); Q("gap wrong", wrong.Select(x => x.gap));
            Q("norm right", right.Select(x => x.norm)); Q("norm wrong", wrong.Select(x => x.norm));
            Q("sup right", right.Select(x => (float)x.sup)); Q("sup wrong", wrong.Select(x => (float)x.sup));
            Q("cab right", right.Select(x => x.cab)); Q("cab wrong", wrong.Select(x => x.cab));
        }
    }

    // ---- rule families ----
    public static int FirstDiff(N[] n) { for (int j = 1; j < n.Length; j++) if (n[j].Answer != n[0].Answer) return j; return -1; }

    // Serve the first neighbour >= t carrying the top answer that the lexical veto set accepts.
    public static int Serve(N[] n, float t, int lexMask)
    {
        for (int j = 0; j < n.Length; j++)
        {
            if (n[j].Sim < t || n[j].Answer != n[0].Answer) return -1;
            if (n[j].LexKind != 0 && ((lexMask >> n[j].LexKind) & 1) != 0) continue;
            return j;
        }
        return -1;
    }

    public const int LexAll = 0b1111110, LexNone = 0, LexDecisive = 0b0001110, LexNoSwap = 0b1101110; // 1 numbers, 2 ids, 3 negation

    public static Rule Fixed(float m, int lex) => (q, t) =>
    {
        int b = FirstDiff(q.Ns);
        if (b > 0 && q.Ns[b].Sim >= q.Ns[0].Sim - m) return -1;
        return Serve(q.Ns, t, lex);
    };

    // Margin in distance to the bisecting hyperplane of the two stored entries: gap / |A - B|.
    public static Rule Boundary(float delta, int lex) => (q, t) =>
    {
        int b = FirstDiff(q.Ns);
        if (b > 0)
        {
            float gap = q.Ns[0].Sim - q.Ns[b].Sim;
            float dist = MathF.Sqrt(MathF.Max(1e-8f, 2 * (1 - q.Pair[0, b])));
            if (gap < delta * dist) return -1;
        }
        return Serve(q.Ns, t, lex);
    };

    // Support-adaptive: margin = m * (support of top answer among neighbours above (s1 - window)) ... 
    public static Rule Support(float mSingle, float mMulti, int lex) => (q, t) =>
    {
        int b = FirstDiff(q.Ns);
        int sup = b < 0 ? q.Ns.Length : b;
        float m = sup >= 2 ? mMulti : mSingle;
        if (b > 0 && q.Ns[b].Sim >= q.Ns[0].Sim - m) return -1;
        return Serve(q.Ns, t, lex);
    };

    // Softmax vote: P(top answer) = sum exp(s/tau) over its neighbours / sum over all; must be >= p.
    public static Rule Vote(float tau, float p, int lex) => (q, t) =>
    {
        double top = 0, all = 0;
        foreach (var x in q.Ns) { double w = Math.Exp((x.Sim - q.Ns[0].Sim) / tau); all += w; if (x.Answer == q.Ns[0].Answer) top += w; }
        if (top / all < p) return -1;
        return Serve(q.Ns, t, lex);
    };

    // Window plurality: among neighbours within w of the best, the top answer must out-count every other answer
    // (a tie counts against it unless both are singletons); then the near-tie margin m applies.
    public static Rule Plurality(float w, float m, int lex, bool kernel) => (q, t) =>
    {
        var n = q.Ns;
        Span<float> count = stackalloc float[n.Length];
        for (int i = 0; i < n.Length; i++)
        {
            if (n[i].Sim < n[0].Sim - w) break;
            float wt = kernel ? 1 - (n[0].Sim - n[i].Sim) / w : 1;
            int first = i;
            for (int j = 0; j < i; j++) if (n[j].Answer == n[i].Answer) { first = j; break; }
            count[first] += wt;
        }
        float cA = count[0], cMax = 0;
        for (int i = 1; i < n.Length; i++) cMax = MathF.Max(cMax, count[i]);
        if (cMax > cA || (cMax == cA && cA >= 2)) return -1;
        int b = FirstDiff(n);
        if (b > 0 && n[b].Sim >= n[0].Sim - m) return -1;
        return Serve(n, t, lex);
    };

    public static bool AnyRepeat(N[] n)
    {
        for (int i = 1; i < n.Length; i++) for (int j = 0; j < i; j++) if (n[i].Answer == n[j].Answer) return true;
        return false;
    }

    public static Rule Repeat(float lo, float hi, int lex) => (q, t) =>
    {
        float m = AnyRepeat(q.Ns) ? hi : lo;
        int b = FirstDiff(q.Ns);
        if (b > 0 && q.Ns[b].Sim >= q.Ns[0].Sim - m) return -1;
        return Serve(q.Ns, t, lex);
    };

    // Paraphrase spread: for each answer with two or more neighbours, best minus second-best similarity; mean of them.
    public static float SpreadOf(N[] n)
    {
        float sum = 0; int cnt = 0;
        for (int i = 0; i < n.Length; i++)
        {
            bool firstOfAnswer = true;
            for (int j = 0; j < i; j++) if (n[j].Answer == n[i].Answer) { firstOfAnswer = false; break; }
            if (!firstOfAnswer) continue;
            for (int j = i + 1; j < n.Length; j++) if (n[j].Answer == n[i].Answer) { sum += n[i].Sim - n[j].Sim; cnt++; break; }
        }
        return cnt == 0 ? 0 : sum / cnt;
    }

    public static Rule Spread(float lo, float c, int lex) => (q, t) =>
    {
        float m = MathF.Max(lo, c * SpreadOf(q.Ns));
        int b = FirstDiff(q.Ns);
        if (b > 0 && q.Ns[b].Sim >= q.Ns[0].Sim - m) return -1;
        return Serve(q.Ns, t, lex);
    };

    public static Rule RepeatFloor(float lo, float hi, int lex) => (q, t) =>
    {
        var n = q.Ns;
        bool rep = false;
        for (int i = 1; i < n.Length && !rep && n[i].Sim >= t - hi; i++) for (int j = 0; j < i; j++) if (n[i].Answer == n[j].Answer) { rep = true; break; }
        float m = rep ? hi : lo;
        int b = FirstDiff(n);
        if (b > 0 && n[b].Sim >= n[0].Sim - m) return -1;
        return Serve(n, t, lex);
    };

    static void Detail(List<Prepared> sets)
    {
        float lo = float.Parse(Environment.GetEnvironmentVariable("LO") ?? "0.005", CultureInfo.InvariantCulture);
        float hi = float.Parse(Environment.GetEnvironmentVariable("HI") ?? "0.06", CultureInfo.InvariantCulture);
        bool floor = Environment.GetEnvironmentVariable("FLOOR") == "1";
        int lex = Environment.GetEnvironmentVariable("LEX") switch { "none" => LexNone, "dec" => LexDecisive, "noswap" => LexNoSwap, _ => LexAll };
        Rule r = floor ? RepeatFloor(lo, hi, lex) : Repeat(lo, hi, lex);
        Console.WriteLine($"lo={lo} hi={hi} floor={floor} lex={lex}");
        for (float t = 0.70f; t <= 0.905f; t += 0.01f)
        {
            float th = MathF.Round(t, 2);
            var b = new System.Text.StringBuilder();
            b.Append(CultureInfo.InvariantCulture, $"{th:0.00}");
            {
                var bk = Score(sets[0], r, th, 1); var mk = Score(sets[1], r, th, 1);
                double slack = Math.Min(Math.Min(1 - (double)bk.wrong / (0.01 * bk.n), (double)bk.hits / (0.4 * bk.n) - 1), Math.Min((double)mk.right / (850.0 / 999 * mk.n) - 1, 1 - mk.wrong / (40.0 / 999 * mk.n)));
                b.Append(CultureInfo.InvariantCulture, $" slack(tune) {slack:0.000}");
            }
            foreach (int part in new[] { 1, 2, 0 })
            {
                var bk = Score(sets[0], r, th, part); var mk = Score(sets[1], r, th, part);
                bool bOk = bk.wrong <= 0.01 * bk.n && bk.hits >= 0.4 * bk.n;
                bool mOk = mk.right >= 850.0 / 999 * mk.n && mk.wrong <= 40.0 / 999 * mk.n;
                b.Append(CultureInfo.InvariantCulture, $" | {(part == 1 ? "tune" : part == 2 ? "held" : "all")}: bk {bk.hits}/{bk.n} {100.0 * bk.hits / bk.n:0.0}% w {bk.wrong} {100.0 * bk.wrong / bk.n:0.00}%{(bOk ? "+" : "-")} mk {mk.right}/{mk.wrong}/{mk.n}{(mOk ? "+" : "-")}");
            }
            Console.WriteLine(b);
        }
    }

    static void Sweep(List<Prepared> sets)
    {
        var rules = new List<(string, Rule)>();
        if (Environment.GetEnvironmentVariable("ONLY") == "rep")
        {
            foreach (int lex in new[] { LexAll, LexNoSwap, LexDecisive, LexNone })
            {
                string l = lex == LexAll ? "lexAll" : lex == LexNone ? "lexNone" : lex == LexNoSwap ? "lexNoSwap" : "lexDec";
                foreach (float lo in new[] { 0.005f, 0.01f, 0.015f, 0.02f })
                {
                    foreach (float hi in new[] { 0.04f, 0.05f, 0.06f })
                        rules.Add(($"repeat lo={lo} hi={hi} {l}", Repeat(lo, hi, lex)));
                }
            }
            foreach (var (name, rule) in rules) Console.WriteLine(Summarise(name, rule, sets, tune: true));
            return;
        }
        if (Environment.GetEnvironmentVariable("ONLY") == "plural")
        {
            foreach (int lex in new[] { LexAll, LexDecisive, LexNone })
            {
                string l = lex == LexAll ? "lexAll" : lex == LexNone ? "lexNone" : "lexDec";
                foreach (bool kern in new[] { false, true })
                foreach (float w in new[] { 0.03f, 0.05f, 0.08f, 0.12f, 1f })
                foreach (float m in new[] { 0.005f, 0.01f, 0.02f })
                    rules.Add(($"plural w={w} m={m} k={kern} {l}", Plurality(w, m, lex, kern)));
            }
            foreach (var (name, rule) in rules) Console.WriteLine(Summarise(name, rule, sets, tune: true));
            return;
        }
        foreach (int lex in new[] { LexAll, LexDecisive, LexNone })
        {
            string l = lex == LexAll ? "lexAll" : lex == LexNone ? "lexNone" : "lexDec";
            foreach (float m in new[] { 0.01f, 0.02f, 0.03f, 0.05f }) rules.Add(($"fixed m={m} {l}", Fixed(m, lex)));
            foreach (float d in new[] { 0.02f, 0.04f, 0.06f, 0.08f, 0.10f, 0.12f, 0.15f }) rules.Add(($"boundary d={d} {l}", Boundary(d, lex)));
            foreach (float ms in new[] { 0.005f, 0.01f, 0.02f }) rules.Add(($"support single={ms} multi=0.05 {l}", Support(ms, 0.05f, lex)));
            foreach (float tau in new[] { 0.01f, 0.02f, 0.03f })
                foreach (float p in new[] { 0.6f, 0.7f, 0.8f, 0.9f }) rules.Add(($"vote tau={tau} p={p} {l}", Vote(tau, p, lex)));
        }

        foreach (var (name, rule) in rules)
        {
            Console.WriteLine(Summarise(name, rule, sets, tune: true));
        }
    }

    public static (int hits, int right, int wrong, int n) Score(Prepared p, Rule r, float t, int part)
    {
        int hits = 0, right = 0, wrong = 0, n = 0;
        for (int i = 0; i < p.Qs.Length; i++)
        {
            if (part == 1 && !p.Tune[i] || part == 2 && p.Tune[i]) continue;
            n++;
            int j = r(p.Qs[i], t);
            if (j < 0) continue;
            hits++;
            if (p.Qs[i].Ns[j].Same) right++; else wrong++;
        }
        return (hits, right, wrong, n);
    }

    // For each threshold, does it meet both targets (scaled to the part)? Print the best threshold per dataset and joint passes.
    public static string Summarise(string name, Rule r, List<Prepared> sets, bool tune)
    {
        var b = new System.Text.StringBuilder();
        b.Append(name).Append(" |");
        var pass = new List<string>();
        for (float t = 0.78f; t <= 0.935f; t += 0.01f)
        {
            float th = MathF.Round(t, 2);
            var bk = Score(sets[0], r, th, 1); var mk = Score(sets[1], r, th, 1);
            bool bOk = bk.wrong <= 0.01 * bk.n && bk.hits >= 0.4 * bk.n;
            bool mOk = mk.right >= 850.0 / 999 * mk.n && mk.wrong <= 40.0 / 999 * mk.n;
            if (bOk && mOk) pass.Add(th.ToString("0.00", CultureInfo.InvariantCulture));
        }
        foreach (float th in new[] { 0.80f, 0.85f, 0.90f })
        {
            var bk = Score(sets[0], r, th, 1); var mk = Score(sets[1], r, th, 1);
            b.Append(CultureInfo.InvariantCulture, $" {th:0.00}: bk {100.0 * bk.hits / bk.n:0.0}%/{100.0 * bk.wrong / bk.n:0.00}% mk {mk.right}/{mk.wrong} |");
        }
        b.Append(" PASS(tune): ").Append(string.Join(",", pass));
        return b.ToString();
    }
}
