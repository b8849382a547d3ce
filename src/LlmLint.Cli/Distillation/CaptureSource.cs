using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Distillation;
using LlmLint.Evaluation;

namespace LlmLint.Cli.Distillation;

/// <summary>The captures <c>distill train</c> and <c>distill export</c> read: a SQLite distillation store, or a <c>text,label</c> CSV.</summary>
internal static class CaptureSource
{
    /// <summary>Reads the captures of one function under one template hash (the newest capture's when none is given).</summary>
    /// <exception cref="ArgumentException">Neither or both sources were given; the message names the options.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">The source holds no captures of the function; the message lists the functions it holds.</exception>
    public static async Task<IReadOnlyList<DistillationCapture>> LoadAsync(string? store, string? csv, string function, string? templateHash, string? systemPrompt, CancellationToken cancellationToken)
    {
        if ((store is null) == (csv is null))
        {
            throw new ArgumentException("pass either --store <captures.db> or --csv <text,label file>.");
        }

        string path = store ?? csv!;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        }

        if (csv is not null)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            return CacheDataset.ReadCsv(csv)
                .Select(row => new DistillationCapture(function, templateHash ?? "csv", now, row.Text, row.Text, systemPrompt, null, row.Label, row.Label, null, null, null))
                .ToArray();
        }

        // Opening a store may create its schema or replay its journal: read a private copy, never the user's file.
        return await Commands.ReadOnlyCopy.UseAsync(store!, copy => ReadStoreAsync(copy, store!, function, templateHash, systemPrompt, cancellationToken));
    }

    private static async Task<IReadOnlyList<DistillationCapture>> ReadStoreAsync(string copy, string store, string function, string? templateHash, string? systemPrompt, CancellationToken cancellationToken)
    {
        var captures = new SqliteDistillationStore(copy, new DistillationRetention { MaxAge = null, MaxCapturesPerFunction = int.MaxValue });
        IReadOnlyList<DistillationCapture> all;
        try
        {
            all = await captures.ReadAsync(function, null, cancellationToken);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            throw new FormatException($"Cannot read the distillation store '{store}': {e.Message}", e);
        }

        if (all.Count == 0)
        {
            IReadOnlyList<string> functions = await captures.FunctionsAsync(cancellationToken);
            throw new FormatException($"'{store}' holds no captures of '{function}'; it holds: {(functions.Count == 0 ? "none" : string.Join(", ", functions))}.");
        }

        string hash = templateHash ?? all[^1].TemplateHash;
        DistillationCapture[] selected = all.Where(c => c.TemplateHash == hash).ToArray();
        if (selected.Length == 0)
        {
            throw new FormatException($"'{store}' holds no captures of '{function}' under template {hash}; it holds templates: {string.Join(", ", all.Select(c => c.TemplateHash).Distinct())}.");
        }

        return systemPrompt is null ? selected : selected.Select(c => c with { SystemPrompt = c.SystemPrompt ?? systemPrompt }).ToArray();
    }
}
