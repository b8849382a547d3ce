using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Vectors;

namespace LlmLint.Evaluation;


/// <summary>
/// Measures a semantic cache on a labelled dataset: every text is embedded once, the nearest stored neighbours of each
/// query are found exactly, the verifier's verdict on each is computed once, and every threshold is then scored from
/// those neighbours, with the guard on and off.
/// </summary>
public static class CacheEvaluation
{
    /// <summary>Embeds the dataset with <paramref name="embed"/> and evaluates every threshold.</summary>
    /// <param name="embed">Embeds a batch of texts (one vector per text, same order).</param>
    /// <param name="dataset">The dataset.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The result.</returns>
    public static async Task<CacheEvaluationResult> RunAsync(Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<float[]>>> embed, CacheDataset dataset, CacheEvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embed);
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new CacheEvaluationOptions();
        var clock = Stopwatch.StartNew();
        // As the middleware does: a text longer than the embedding window is embedded by its final sentences, and the
        // rest must match exactly (the paired evaluation checks that part below).
        float[][] storeVectors = await EmbedAllAsync(embed, TextsToEmbed(dataset.Store, options.FitsWindow), options.BatchSize, cancellationToken);
        float[][] queryVectors = await EmbedAllAsync(embed, TextsToEmbed(dataset.Queries, options.FitsWindow), options.BatchSize, cancellationToken);
        TimeSpan embedTime = clock.Elapsed;
        return Evaluate(dataset, storeVectors, queryVectors, options, embedTime);
    }

    /// <summary>Evaluates precomputed embeddings (pure computation).</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="storeVectors">One vector per stored text.</param>
    /// <param name="queryVectors">One vector per query.</param>
    /// <param name="options">The options.</param>
    /// <param name="embedTime">The embedding time to report.</param>
    /// <returns>The result.</returns>
    public static CacheEvaluationResult Evaluate(CacheDataset dataset, IReadOnlyList<float[]> storeVectors, IReadOnlyList<float[]> queryVectors, CacheEvaluationOptions? options = null, TimeSpan embedTime = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(storeVectors);
        ArgumentNullException.ThrowIfNull(queryVectors);
        options ??= new CacheEvaluationOptions();
        if (options.Candidates < 1)
        {
            throw new ArgumentException("CacheEvaluationOptions.Candidates must be positive.", nameof(options));
        }

        var clock = Stopwatch.StartNew();
        float minThreshold = float.PositiveInfinity;
        foreach (float t in options.Thresholds)
        {
            minThreshold = Math.Min(minThreshold, t);
        }

        var context = new EvaluationContext(dataset, storeVectors, queryVectors, options.FitsWindow);
        Neighbour[][] neighbours = context.Neighbours(options.Verifier, options.Candidates, options.EntryFloors, minThreshold);
        bool consensus = options.Verifier is not null || options.AnswerConsensus || options.EntryFloors;
        var rows = new List<CacheEvaluationRow>(options.Thresholds.Count * 2);
        foreach (float threshold in options.Thresholds)
        {
            rows.Add(Score(neighbours, context.Answerable, threshold, guard: false, options));
            if (consensus)
            {
                rows.Add(Score(neighbours, context.Answerable, threshold, guard: true, options));
            }
        }

        CacheEvaluationRow shipped = EvaluateConfiguration(context, new SemanticCacheOptions());
        return new CacheEvaluationResult(dataset.Name, storeVectors.Count, queryVectors.Count, rows, options.MaxWrongHitRate, embedTime, clock.Elapsed)
        {
            Default = shipped,
            Answerable = context.AnswerableCount,
            IsPaired = dataset.IsPaired,
        };
    }

    /// <summary>
    /// Evaluates one middleware configuration — its threshold, candidate count, answer consensus and verifier — on
    /// precomputed embeddings, as <see cref="SemanticCache.SemanticCachingChatClient"/> would decide each lookup.
    /// </summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="storeVectors">One vector per stored text.</param>
    /// <param name="queryVectors">One vector per query.</param>
    /// <param name="configuration">The middleware options (a fresh verifier: it observes every stored text).</param>
    /// <returns>The row at the configuration's threshold.</returns>
    public static CacheEvaluationRow EvaluateConfiguration(CacheDataset dataset, IReadOnlyList<float[]> storeVectors, IReadOnlyList<float[]> queryVectors, SemanticCacheOptions configuration)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(storeVectors);
        ArgumentNullException.ThrowIfNull(queryVectors);
        ArgumentNullException.ThrowIfNull(configuration);
        return EvaluateConfiguration(new EvaluationContext(dataset, storeVectors, queryVectors, fitsWindow: null), configuration);
    }

    private static CacheEvaluationRow EvaluateConfiguration(EvaluationContext context, SemanticCacheOptions configuration)
    {
        var options = new CacheEvaluationOptions
        {
            Thresholds = [configuration.Threshold],
            Verifier = configuration.Verifier,
            Candidates = configuration.Candidates,
            AnswerConsensus = configuration.AnswerConsensus,
            ConsensusMargin = configuration.ConsensusMargin,
            DistinctAnswersMargin = configuration.DistinctAnswersMargin,
        };
        Neighbour[][] neighbours = context.Neighbours(options.Verifier, options.Candidates, entryFloors: false, configuration.Threshold);
        return Score(neighbours, context.Answerable, configuration.Threshold, guard: options.Verifier is not null || options.AnswerConsensus, options);
    }

    private static CacheEvaluationRow Score(Neighbour[][] neighbours, bool[] answerable, float threshold, bool guard, CacheEvaluationOptions options)
    {
        int hitCount = 0, right = 0, wrong = 0, unanswerableHits = 0;
        int q = -1;
        var answerIds = new int[options.Candidates];
        var similarities = new float[options.Candidates];
        foreach (Neighbour[] list in neighbours)
        {
            q++;
            if (guard && options.AnswerConsensus && list.Length > 0)
            {
                // As in the middleware: the neighbours within reach are those at or above threshold − the widest margin.
                float reach = Math.Max(Math.Max(0f, options.ConsensusMargin), Math.Max(0f, options.DistinctAnswersMargin));
                int within = 0;
                while (within < list.Length && list[within].Similarity >= threshold - reach)
                {
                    answerIds[within] = list[within].Answer;
                    similarities[within] = list[within].Similarity;
                    within++;
                }

                if (within > 0 && SemanticConsensus.IsAmbiguous(similarities.AsSpan(0, within), answerIds.AsSpan(0, within), Math.Max(0f, options.ConsensusMargin), Math.Max(0f, options.DistinctAnswersMargin)))
                {
                    continue;
                }
            }

            foreach (Neighbour n in list)
            {
                if (n.Similarity < threshold)
                {
                    break;
                }

                if (guard && options.AnswerConsensus && n.Answer != list[0].Answer)
                {
                    break;
                }

                if (guard && ((options.Verifier is not null && !n.Accepted) || (options.EntryFloors && n.Similarity < n.Floor)))
                {
                    continue;
                }

                hitCount++;
                if (n.SameLabel)
                {
                    right++;
                }
                else
                {
                    wrong++;
                    unanswerableHits += answerable[q] ? 0 : 1;
                }

                break;
            }

            // Without the guard only the nearest neighbour counts.
        }

        return new CacheEvaluationRow(threshold, guard, neighbours.Length, hitCount, right, wrong, neighbours.Length - hitCount) { UnanswerableHits = unanswerableHits };
    }

    /// <summary>
    /// The texts to embed for <paramref name="texts"/>, as the middleware embeds a key text: whole within the embedding
    /// window, else its final sentences (the rest must match exactly, which <see cref="Evaluate"/> checks).
    /// </summary>
    /// <param name="texts">The stored texts or the queries of a dataset.</param>
    /// <param name="fitsWindow">Whether the embedding model reads a text whole, as the middleware asks the local model
    /// (<see cref="LlmLint.Embeddings.LocalEmbeddingGenerator.FitsWindow"/>); <see langword="null"/> to trust the word window.</param>
    /// <returns>One text to embed per element, labels unchanged.</returns>
    public static LabelledText[] TextsToEmbed(IReadOnlyList<LabelledText> texts, Func<string, bool>? fitsWindow = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var shipped = new SemanticCacheOptions();
        var parts = new LabelledText[texts.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = texts[i] with { Text = shipped.SplitKeyText(texts[i].Text, fitsWindow).EmbeddedPart };
        }

        return parts;
    }

    private static bool SameExactPart(string a, string b, Func<string, bool>? fitsWindow)
    {
        var shipped = new SemanticCacheOptions();
        return string.Equals(shipped.SplitKeyText(a, fitsWindow).ExactPart, shipped.SplitKeyText(b, fitsWindow).ExactPart, StringComparison.Ordinal);
    }

    private static async Task<float[][]> EmbedAllAsync(Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<float[]>>> embed, IReadOnlyList<LabelledText> texts, int batchSize, CancellationToken cancellationToken)
    {
        var vectors = new float[texts.Count][];
        var batch = new List<string>(batchSize);
        for (int start = 0; start < texts.Count; start += batchSize)
        {
            batch.Clear();
            for (int i = start; i < Math.Min(texts.Count, start + batchSize); i++)
            {
                batch.Add(texts[i].Text);
            }

            IReadOnlyList<float[]> embedded = await embed(batch, cancellationToken);
            if (embedded.Count != batch.Count)
            {
                throw new InvalidOperationException($"The embedder returned {embedded.Count} vectors for {batch.Count} texts.");
            }

            for (int i = 0; i < batch.Count; i++)
            {
                vectors[start + i] = embedded[i];
            }
        }

        return vectors;
    }

    private readonly record struct Neighbour(float Similarity, bool SameLabel, bool Accepted, int Answer, float Floor);

    /// <summary>The index of the stored vectors and the answer identities of a dataset, shared by the configurations evaluated on it.</summary>
    private sealed class EvaluationContext
    {
        private readonly CacheDataset _dataset;
        private readonly IReadOnlyList<float[]> _storeVectors;
        private readonly IReadOnlyList<float[]> _queryVectors;
        private readonly int[] _answerOf;
        private readonly Func<string, bool>? _fitsWindow;

        public EvaluationContext(CacheDataset dataset, IReadOnlyList<float[]> storeVectors, IReadOnlyList<float[]> queryVectors, Func<string, bool>? fitsWindow)
        {
            _fitsWindow = fitsWindow;
            if (storeVectors.Count != dataset.Store.Count || queryVectors.Count != dataset.Queries.Count)
            {
                throw new ArgumentException("There must be exactly one vector per stored text and per query.", nameof(storeVectors));
            }

            _dataset = dataset;
            _storeVectors = storeVectors;
            _queryVectors = queryVectors;
            var answers = new Dictionary<string, int>(StringComparer.Ordinal);
            _answerOf = new int[storeVectors.Count];
            for (int i = 0; i < _answerOf.Length; i++)
            {
                if (!answers.TryGetValue(dataset.Store[i].Label, out int a))
                {
                    a = answers.Count;
                    answers[dataset.Store[i].Label] = a;
                }

                _answerOf[i] = a;
            }

            Answerable = new bool[queryVectors.Count];
            for (int q = 0; q < Answerable.Length; q++)
            {
                Answerable[q] = answers.ContainsKey(dataset.Queries[q].Label);
                AnswerableCount += Answerable[q] ? 1 : 0;
            }
        }

        /// <summary>Gets, per query, whether its label has a stored text (a right hit is possible).</summary>
        public bool[] Answerable { get; }

        public int AnswerableCount { get; }

        /// <summary>Finds each query's nearest stored texts (its own stored text only in a paired dataset) and the verifier's verdicts on those at or above <paramref name="minThreshold"/>.</summary>
        public Neighbour[][] Neighbours(IHitVerifier? verifier, int k, bool entryFloors, float minThreshold)
        {
            for (int i = 0; i < _storeVectors.Count; i++)
            {
                verifier?.Observe(_dataset.Store[i].Text);
            }

            var neighbours = new Neighbour[_queryVectors.Count][];
            if (_dataset.IsPaired)
            {
                for (int q = 0; q < neighbours.Length; q++)
                {
                    // Texts beyond the embedding window whose exact parts differ are in different partitions: never a hit.
                    if (!SameExactPart(_dataset.Queries[q].Text, _dataset.Store[q].Text, _fitsWindow))
                    {
                        neighbours[q] = [];
                        continue;
                    }

                    float similarity = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(_queryVectors[q], _storeVectors[q]);
                    neighbours[q] = [Verified(verifier, q, q, similarity, 0f, minThreshold)];
                }

                return neighbours;
            }

            using var index = new FlatVectorIndex(_storeVectors[0].Length, _storeVectors.Count);
            for (int i = 0; i < _storeVectors.Count; i++)
            {
                index.Add(i, _storeVectors[i]);
            }

            float[] floors = entryFloors ? SemanticConsensus.EntryFloors(index, _storeVectors, _answerOf, 32) : new float[_storeVectors.Count];
            var hits = new VectorHit[k];
            for (int q = 0; q < neighbours.Length; q++)
            {
                int found = index.Search(_queryVectors[q], hits);
                var list = new Neighbour[found];
                for (int j = 0; j < found; j++)
                {
                    int s = (int)hits[j].Id;
                    list[j] = Verified(verifier, q, s, hits[j].Similarity, floors[s], minThreshold);
                }

                neighbours[q] = list;
            }

            return neighbours;
        }

        private Neighbour Verified(IHitVerifier? verifier, int q, int s, float similarity, float floor, float minThreshold)
        {
            // Candidates below every threshold evaluated are never served, so their verdict is never consulted.
            bool accepted = verifier is null || (similarity >= minThreshold && verifier.Verify(_dataset.Queries[q].Text, _dataset.Store[s].Text, similarity).IsAccepted);
            return new Neighbour(similarity, _dataset.Store[s].Label == _dataset.Queries[q].Label, accepted, _answerOf[s], floor);
        }
    }
}
