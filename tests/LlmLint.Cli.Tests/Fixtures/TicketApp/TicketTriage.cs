using System.Threading.Tasks;

namespace TicketApp;

public sealed class TicketTriage
{
    [CallVolume(5000)]
    public async Task<string> ClassifyAsync(string ticket)
    {
        return await Llm.Complete("gpt-4o-mini", "Classify: " + ticket);
    }

    public async Task<string> SummarizeAsync(string ticket)
    {
        var first = await Llm.Complete("gpt-4o", "Summarize: " + ticket);
        return await Llm.Complete("gpt-4o-mini", "Shorten: " + first);
    }
}
