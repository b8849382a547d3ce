using System;
using System.Collections.Generic;
using System.Linq;
using LlmLint.Generators.Tests.Functions;

namespace LlmLint.Generators.Tests.Distillation;

/// <summary>Synthetic support tickets and the scripted teacher's rule that labels them by keyword.</summary>
internal static class Tickets
{
    private static readonly string[] Filler = { "hello", "please", "help", "my", "the", "today", "again", "urgent", "thanks", "team", "since", "yesterday", "can", "you", "look", "into", "this" };

    private static readonly Dictionary<TicketCategory, string[]> Keywords = new()
    {
        [TicketCategory.Billing] = new[] { "refund", "invoice", "charged", "payment", "bill", "fee" },
        [TicketCategory.TechnicalIssue] = new[] { "crash", "error", "printer", "broken", "bug", "freezes" },
        [TicketCategory.Account] = new[] { "password", "login", "username", "locked", "profile", "signin" },
    };

    /// <summary>
    /// The teacher's rule: a ticket with both billing and account words gets either label, by a hash of its text (the
    /// input does not predict it); otherwise the first category whose keyword the ticket holds, else Other.
    /// </summary>
    public static TicketCategory Teacher(string text)
    {
        string[] words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool Has(TicketCategory c) => words.Any(w => Keywords[c].Contains(w, StringComparer.OrdinalIgnoreCase));
        if (Has(TicketCategory.Billing) && Has(TicketCategory.Account))
        {
            return text.Sum(c => c) % 2 == 0 ? TicketCategory.Billing : TicketCategory.Account;
        }

        foreach ((TicketCategory category, string[] keywords) in Keywords)
        {
            if (words.Any(w => keywords.Contains(w, StringComparer.OrdinalIgnoreCase)))
            {
                return category;
            }
        }

        return TicketCategory.Other;
    }

    /// <summary>Clear tickets: two keywords of one category (none for Other) among filler words.</summary>
    public static List<string> Clear(int perCategory, int seed)
    {
        var random = new Random(seed);
        var tickets = new List<string>();
        for (int n = 0; n < perCategory; n++)
        {
            foreach (TicketCategory category in Enum.GetValues<TicketCategory>())
            {
                var words = Pick(random, Filler, 4);
                if (Keywords.TryGetValue(category, out string[]? keywords))
                {
                    words.AddRange(Pick(random, keywords, 2));
                }
                else
                {
                    words.AddRange(Pick(random, Filler, 2));
                }

                tickets.Add(string.Join(' ', words.OrderBy(_ => random.Next())));
            }
        }

        return tickets;
    }

    /// <summary>Ambiguous tickets: a billing and an account keyword among filler words (the teacher's label looks random).</summary>
    public static List<string> Ambiguous(int count, int seed)
    {
        var random = new Random(seed);
        var tickets = new List<string>();
        for (int n = 0; n < count; n++)
        {
            List<string> words = Pick(random, Filler, 4);
            words.Add(Pick(random, Keywords[TicketCategory.Billing], 1)[0]);
            words.Add(Pick(random, Keywords[TicketCategory.Account], 1)[0]);
            tickets.Add(string.Join(' ', words.OrderBy(_ => random.Next())));
        }

        return tickets;
    }

    /// <summary>The captured traffic: clear tickets of every category and ambiguous ones, shuffled.</summary>
    public static List<string> Traffic(int perCategory, int ambiguous, int seed)
    {
        var random = new Random(seed);
        return Clear(perCategory, seed).Concat(Ambiguous(ambiguous, seed + 1000)).OrderBy(_ => random.Next()).ToList();
    }

    /// <summary>Billing tickets only.</summary>
    public static List<string> Billing(int count, int seed) =>
        Clear(count, seed).Where(t => Teacher(t) == TicketCategory.Billing).ToList();

    private static List<string> Pick(Random random, string[] from, int count) =>
        Enumerable.Range(0, count).Select(_ => from[random.Next(from.Length)]).ToList();
}
