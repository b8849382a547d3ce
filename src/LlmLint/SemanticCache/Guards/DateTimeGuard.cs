using System.Collections.Frozen;

namespace LlmLint.SemanticCache;

/// <summary>
/// Dates and times: weekdays, months, seasons, quarters, parts of the day, relative days and periods ("next week" is not
/// "last week"), frequencies (daily/weekly) and ordering in time (before/after, early/late).
/// </summary>
public sealed class DateTimeGuard : WordClassGuard
{
    private static readonly FrozenDictionary<string, string> Times = Groups(
        "monday mon|tuesday tue tues|wednesday wed|thursday thu thurs|friday fri|saturday sat|sunday sun|weekend weekends|weekday weekdays|"
        + "january jan|february feb|april apr|june jun|july jul|august aug|september sep sept|october oct|november nov|december dec|"
        + "today|tonight|tomorrow|yesterday|morning mornings|afternoon afternoons|evening evenings|night nights overnight|noon midday|midnight|"
        + "am a.m|pm p.m|daily|weekly|fortnightly biweekly|monthly|quarterly|yearly annually annual|hourly|nightly|"
        + "spring|summer|autumn|winter|q1|q2|q3|q4|before beforehand prior|after afterwards afterward|early earlier|late later|"
        + "now currently|past previously");

    private static readonly FrozenSet<string> Relatives = FrozenSet.ToFrozenSet(["this", "next", "last", "previous", "coming", "past", "current"]);

    private static readonly FrozenSet<string> Periods = FrozenSet.ToFrozenSet(["day", "week", "month", "year", "quarter", "weekend", "season", "term", "semester", "night", "morning", "evening"]);

    /// <inheritdoc/>
    public override string Name => "dates and times";

    /// <inheritdoc/>
    protected override bool IsMember(string word) => Times.ContainsKey(word) || Relatives.Contains(word) || word is "may" or "march";

    /// <inheritdoc/>
    protected override void Collect(MeaningText text, ISet<string> members)
    {
        for (int i = 0; i < text.Words.Count; i++)
        {
            string word = text.Words[i];
            if (Relatives.Contains(word) && i + 1 < text.Words.Count && Periods.Contains(text.Words[i + 1]))
            {
                members.Add((word is "last" or "previous" or "past" ? "last" : word is "this" or "current" ? "this" : "next") + " " + text.Words[i + 1]);
                i++;
            }
            else if (word is "may" or "march" && text.Capitalized[i] && i > 0)
            {
                members.Add(word);
            }
            else if (Times.TryGetValue(word, out string? time) && !(word is "sat" or "sun" or "wed" or "dec" && !text.Capitalized[i]))
            {
                members.Add(time);
            }
        }
    }
}
