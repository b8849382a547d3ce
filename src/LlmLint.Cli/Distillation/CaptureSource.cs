using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Distillation;
using LlmLint.Evaluation;
using LlmLint.Stores;

namespace LlmLint.Cli.Distillation;

/// <summary>The captures <c>distill train</c> and <c>distill export</c> read: a SQLite or PostgreSQL distillation store, or a <c>text,label</c> CSV.</summary>
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
            throw new ArgumentException("pass either --store <captures.db or PostgreSQL connection string> or --csv <text,label file>.");
        }

        if (store is not null && IsPostgres(store))
        {
            await using var postgres = new PostgresDistillationStore(new PostgresStoreOptions { ConnectionString = store }, KeepAll);
            return await ReadStoreAsync(postgres, "the PostgreSQL store", function, templateHash, systemPrompt, cancellationToken);
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
        return await Commands.ReadOnlyCopy.UseAsync(store!, copy => ReadStoreAsync(new SqliteDistillationStore(copy, KeepAll), $"'{store}'", function, templateHash, systemPrompt, cancellationToken));
    }

    /// <summary>Gets whether a <c>--store</c> value is a PostgreSQL connection string (<c>Host=…;Database=…</c>) rather than a SQLite file.</summary>
    public static bool IsPostgres(string store) =>
        !File.Exists(store) && store.Contains('=', StringComparison.Ordinal) &&
        (store.Contains("Host=", StringComparison.OrdinalIgnoreCase) || store.Contains("Server=", StringComparison.OrdinalIgnoreCase));

    private static DistillationRetention KeepAll => new() { MaxAge = null, MaxCapturesPerFunction = int.MaxValue };

    private static async Task<IReadOnlyList<DistillationCapture>> ReadStoreAsync(IDistillationStore captures, string store, string function, string? templateHash, string? systemPrompt, CancellationToken cancellationToken)
    {
        IReadOnlyList<DistillationCapture> all;
        try
        {
            all = await captures.ReadAsync(function, null, cancellationToken);
        }
        catch (DbException e)
        {
            throw new FormatException($"Cannot read the distillation store {store}: {e.Message}", e);
        }

        if (all.Count == 0)
        {
            IReadOnlyList<string> functions = await captures.FunctionsAsync(cancellationToken);
            throw new FormatException($"{store} holds no captures of '{function}'; it holds: {(functions.Count == 0 ? "none" : string.Join(", ", functions))}.");
        }

        string hash = templateHash ?? all[^1].TemplateHash;
        DistillationCapture[] selected = all.Where(c => c.TemplateHash == hash).ToArray();
        if (selected.Length == 0)
        {
            throw new FormatException($"{store} holds no captures of '{function}' under template {hash}; it holds templates: {string.Join(", ", all.Select(c => c.TemplateHash).Distinct())}.");
        }

        return systemPrompt is null ? selected : selected.Select(c => c with { SystemPrompt = c.SystemPrompt ?? systemPrompt }).ToArray();
    }
}
