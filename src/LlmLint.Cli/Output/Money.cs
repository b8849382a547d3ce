namespace LlmLint.Cli;

/// <summary>
/// Dollar amounts as every report and column prints them (invariant culture): a cent or more with two decimals
/// ("$1,234.56", "$0.01"); less than a cent with three significant digits ("$0.00656", "$0.0000123"), so a per-call
/// cost never rounds to "$0.00"; zero as "$0.00".
/// </summary>
internal static class Money
{
    private const int SignificantDigits = 3;
    private const int MaxDecimals = 12;

    public static string Usd(decimal amount)
    {
        var abs = Math.Abs(amount);
        string text;
        if (abs >= 0.01m || abs == 0m)
        {
            text = abs.ToString("#,0.00", CultureInfo.InvariantCulture);
        }
        else
        {
            // Decimals that keep SignificantDigits digits: 0.006558 has its first digit at the 3rd decimal → 5 decimals.
            int leadingZeros = 0;
            for (var scaled = abs * 10m; scaled < 1m && leadingZeros < MaxDecimals; scaled *= 10m)
            {
                leadingZeros++;
            }

            int decimals = Math.Min(MaxDecimals, leadingZeros + SignificantDigits);
            text = Math.Round(abs, decimals, MidpointRounding.AwayFromZero).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
        }

        return (amount < 0 ? "-$" : "$") + text;
    }

    public static string Delta(decimal amount) => amount >= 0 ? "+" + Usd(amount) : Usd(amount);
}
