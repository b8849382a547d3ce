using System;
using System.Linq;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Evaluation;
using LlmLint.SemanticCache;

namespace LlmLint.Evaluation.Tests;

public class CacheEvaluationTests
{
    private static Task<IReadOnlyList<float[]>> Embed(IReadOnlyList<string> texts, CancellationToken ct)
    {
        var vectors = new List<float[]>(texts.Count);
        foreach (string text in texts)
        {
            vectors.Add(FakeEmbeddingGenerator.Embed(text));
        }

        return Task.FromResult<IReadOnlyList<float[]>>(vectors);
    }

    private static CacheDataset Tiny() => new(
        "tiny",
        new[]
        {
            new LabelledText("how do I reset my password", "password"),
            new LabelledText("how do I reset my router", "router"),
            new LabelledText("write quicksort in python", "py"),
        },
        new[]
        {
            new LabelledText("how can I reset my password", "password"),   // right hit
            new LabelledText("how can I reset my router", "router"),       // right hit
            new LabelledText("write quicksort in java", "java"),          // label not stored: must miss
            new LabelledText("what is the weather on mars", "weather"),    // unrelated: misses
        });

    [Fact]
    public async Task Counts_right_wrong_and_misses_per_threshold_with_guard_on_and_off()
    {
        CacheEvaluationResult result = await CacheEvaluation.RunAsync(Embed, Tiny(), new CacheEvaluationOptions { Thresholds = new[] { 0.5f, 0.99f } });
        Assert.Equal(4, result.Rows.Count);
        CacheEvaluationRow off = Find(result, 0.5f, guard: false);
        CacheEvaluationRow on = Find(result, 0.5f, guard: true);

        // Cosine alone lets the Java query hit the Python entry; the guard vetoes it.
        Assert.Equal(3, off.Hits);
        Assert.Equal(2, off.RightHits);
        Assert.Equal(1, off.WrongHits);
        Assert.Equal(1, off.Misses);
        Assert.Equal(2, on.Hits);
        Assert.Equal(2, on.RightHits);
        Assert.Equal(0, on.WrongHits);
        Assert.Equal(2, on.Misses);

        CacheEvaluationRow strict = Find(result, 0.99f, guard: false);
        Assert.Equal(0, strict.Hits);
        Assert.Equal(4, strict.Misses);

        Assert.Equal(0.5f, result.RecommendedGuarded!.Threshold);
        Assert.Null(result.RecommendedUnguarded);
        Assert.Contains("| 0.50 | on | 2 | 2 | 0 | 2 |", result.ToTable(), StringComparison.Ordinal);
        Assert.Contains("\"rightHits\": 2", result.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Long_texts_are_compared_as_the_middleware_keys_them()
    {
        // A long shared context: cut at the model's window it would look identical; the middleware embeds the final
        // question and requires the rest to match exactly, and so does the evaluation.
        string context = string.Join(' ', Enumerable.Range(0, 150).Select(i => $"Line {i} of the case history."));
        var dataset = new CacheDataset(
            "long",
            new[]
            {
                new LabelledText(context + " Given all this, should we refund the order?", "0"),
                new LabelledText(context + " Given all this, should we refund the order?", "1"),
            },
            new[]
            {
                new LabelledText(context + " Given all this, should we cancel the account?", "other"),            // another question
                new LabelledText("Unrelated opening. " + context + " Given all this, should we refund the order?", "other"), // another context
            },
            paired: true);

        LabelledText[] embedded = CacheEvaluation.TextsToEmbed(dataset.Queries);
        Assert.Equal("Given all this, should we cancel the account?", embedded[0].Text);

        CacheEvaluationResult result = await CacheEvaluation.RunAsync(Embed, dataset, new CacheEvaluationOptions { Thresholds = new[] { 0.9f } });
        CacheEvaluationRow off = Find(result, 0.9f, guard: false);
        Assert.Equal(0, off.Hits);
    }

    [Fact]
    public void A_long_text_is_keyed_with_the_window_the_model_reads_whole()
    {
        // Identifiers cost many tokens per word: a model that reads at most 12 words of them whole makes the window
        // shrink until the embedded part fits, as the middleware does with the local model.
        string serials = string.Join(' ', Enumerable.Range(0, 120).Select(i => $"SN-{i:D5}-X{i % 7}"));
        var text = new LabelledText(serials + " Which of these are still under warranty?", "q");
        Func<string, bool> fitsTwelveWords = t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 12;

        string byWords = CacheEvaluation.TextsToEmbed([text])[0].Text;
        string byModel = CacheEvaluation.TextsToEmbed([text], fitsTwelveWords)[0].Text;

        Assert.True(byWords.Split(' ').Length > 12, byWords);
        Assert.True(fitsTwelveWords(byModel), byModel);
        Assert.EndsWith("Which of these are still under warranty?", byModel, StringComparison.Ordinal);
    }

    [Fact]
    public void Loads_the_three_dataset_shapes()
    {
        string dir = Path.Combine(Path.GetTempPath(), "llmlint-eval-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "mock_data.json"), """[{"origin":"a b","similar":"a c"},{"origin":"d","similar":"e"}]""");
            CacheDataset mock = CacheDataset.Load(Path.Combine(dir, "mock_data.json"));
            Assert.Equal(2, mock.Store.Count);
            Assert.Equal(mock.Store[1].Label, mock.Queries[1].Label);

            string sq = Path.Combine(dir, "sq");
            Directory.CreateDirectory(sq);
            File.WriteAllText(Path.Combine(sq, "store.csv"), "text,label\n\"hello, world\",greet\nbye,leave\n");
            File.WriteAllText(Path.Combine(sq, "query.csv"), "text,label\n\"say \"\"hi\"\"\",greet\n");
            CacheDataset storeQuery = CacheDataset.Load(sq);
            Assert.Equal("hello, world", storeQuery.Store[0].Text);
            Assert.Equal("say \"hi\"", storeQuery.Queries[0].Text);

            string b77 = Path.Combine(dir, "b77");
            Directory.CreateDirectory(b77);
            File.WriteAllText(Path.Combine(b77, "train.csv"), "text,category\nwhere is my card,card_arrival\n");
            File.WriteAllText(Path.Combine(b77, "test.csv"), "text,category\nmy card has not arrived,card_arrival\n");
            Assert.Equal("card_arrival", CacheDataset.Load(b77).Queries[0].Label);

            File.WriteAllText(Path.Combine(sq, "query.csv"), "text,label\na,b,c\n");
            InvalidDataException bad = Assert.Throws<InvalidDataException>(() => CacheDataset.Load(sq));
            Assert.Contains("query.csv' line 2", bad.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static CacheEvaluationRow Find(CacheEvaluationResult result, float threshold, bool guard)
        => result.Rows is { } rows ? FindIn(rows, threshold, guard) : throw new InvalidOperationException();

    private static CacheEvaluationRow FindIn(IReadOnlyList<CacheEvaluationRow> rows, float threshold, bool guard)
    {
        foreach (CacheEvaluationRow row in rows)
        {
            if (row.Threshold == threshold && row.Guard == guard)
            {
                return row;
            }
        }

        throw new InvalidOperationException("row not found");
    }
}
