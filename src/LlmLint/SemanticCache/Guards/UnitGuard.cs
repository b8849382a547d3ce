using System.Collections.Frozen;

namespace LlmLint.SemanticCache;

/// <summary>Units and currencies: "5 miles" is not "5 kilometers", "100 USD" is not "100 EUR", per second is not per minute.</summary>
public sealed class UnitGuard : WordClassGuard
{
    private static readonly FrozenDictionary<string, string> Units = Groups(
        "mg milligram milligrams|g gram grams gramme grammes|kg kilo kilos kilogram kilograms|lb lbs pound pounds|oz ounce ounces|"
        + "ton tons tonne tonnes|mm millimeter millimeters millimetre millimetres|cm centimeter centimeters centimetre centimetres|"
        + "meter meters metre metres|km kilometer kilometers kilometre kilometres kms|mile miles mi|inch inches|ft foot feet|"
        + "yard yards|ml milliliter milliliters millilitre millilitres|liter liters litre litres|gallon gallons|pint pints|"
        + "celsius centigrade|fahrenheit|kelvin|kb kilobyte kilobytes|mb megabyte megabytes|gb gigabyte gigabytes|"
        + "tb terabyte terabytes|pb petabyte petabytes|mbps|gbps|ms millisecond milliseconds|second seconds sec secs|"
        + "minute minutes min mins|hour hours hr hrs|day days|week weeks|month months|year years|% percent percentage|"
        + "$ dollar dollars usd|€ euro euros eur|£ sterling gbp|¥ yen jpy|yuan cny rmb renminbi|won krw|rupee rupees inr|"
        + "franc francs chf|krona kronor krone kroner sek nok dkk|peso pesos mxn|rand zar|ruble rubles rouble roubles rub|"
        + "lira try|zloty pln|forint huf|baht thb|ringgit myr|dirham dirhams aed|riyal riyals sar|shekel shekels ils|"
        + "bitcoin bitcoins btc|ether eth ethereum|cad|aud|nzd|hkd|sgd|calorie calories kcal|kwh|watt watts|volt volts");

    /// <inheritdoc/>
    public override string Name => "units";

    /// <inheritdoc/>
    protected override bool IsMember(string word) => Units.ContainsKey(word) || word is "c" or "f" or "m" or "l";

    /// <inheritdoc/>
    protected override void Collect(MeaningText text, ISet<string> members)
    {
        for (int i = 0; i < text.Words.Count; i++)
        {
            string word = text.Words[i];
            if (Units.TryGetValue(word, out string? unit))
            {
                members.Add(unit);
            }
            else if (word is "c" or "f" or "m" or "l" && (AfterNumber(text, i) || (i > 0 && text.Words[i - 1] is "degree" or "degrees")))
            {
                members.Add(word switch { "c" => "celsius", "f" => "fahrenheit", "m" => "meter", _ => "liter" });
            }
        }
    }
}
