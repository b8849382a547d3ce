using System.IO;
using System.Text;
using System.Text.Json;

namespace LlmLint.Embeddings;

/// <summary>
/// The SentencePiece unigram tokenizer of USE-lite, read from <c>vocab.json</c> (an array of <c>[piece, score]</c>).
/// </summary>
/// <remarks>
/// <para>
/// Token ids are those of the reference JavaScript tokenizer (<c>@energetic-ai/embeddings</c> 0.2.0, itself a port of the
/// TF.js universal-sentence-encoder tokenizer): the text is NFKC-normalised; a non-empty text gets a leading <c>▁</c>
/// and every ASCII space becomes <c>▁</c>; the text is split into code points (a lone surrogate is one symbol); every
/// vocabulary piece (the first six reserved ids excluded) that starts at a position is a lattice edge, and a position
/// with none gets an unknown edge (id 0, score 0, one symbol). The best path is chosen in the reference's order (by end
/// position, then start position; a later candidate wins ties, and a position whose best score is exactly 0 accepts
/// any candidate), backtracked by the UTF-16 length of each piece, and runs of unknown ids are merged into one.
/// </para>
/// <para>Thread-safe: the vocabulary is immutable and every call uses a per-thread workspace.</para>
/// </remarks>
public sealed class SentencePieceTokenizer
{
    /// <summary>The word-boundary symbol U+2581.</summary>
    public const char WordBoundary = '\u2581';

    private const int ReservedSymbols = 6;

    private readonly string[] _pieces;
    private readonly int[] _pieceUtf16Length;
    private readonly Dictionary<long, int> _children = new();
    private readonly List<int> _nodePiece = new() { -1 };
    private readonly List<double> _nodeScore = new() { 0 };

    [ThreadStatic] private static Workspace? t_workspace;

    private SentencePieceTokenizer(List<(string Piece, double Score)> vocab)
    {
        _pieces = new string[vocab.Count];
        _pieceUtf16Length = new int[vocab.Count];
        for (int i = 0; i < vocab.Count; i++)
        {
            _pieces[i] = vocab[i].Piece;
            _pieceUtf16Length[i] = vocab[i].Piece.Length;
        }

        for (int i = ReservedSymbols; i < vocab.Count; i++) Insert(vocab[i].Piece, vocab[i].Score, i);
    }

    /// <summary>
    /// Whether this process can NFKC-normalise non-ASCII text. With <c>InvariantGlobalization</c> .NET's normalisation is
    /// the identity, and text that NFKC would change (ligatures, full-width forms, NBSP) tokenizes unlike the reference.
    /// </summary>
    public static bool IsNormalizationAvailable { get; } = "\uFB01".Normalize(NormalizationForm.FormKC) == "fi";

    /// <summary>The number of pieces in the vocabulary.</summary>
    public int VocabularySize => _pieces.Length;

    /// <summary>Returns the piece of token <paramref name="id"/>.</summary>
    public string GetPiece(int id) => _pieces[id];

    /// <summary>Loads the vocabulary from <paramref name="vocabJsonPath"/>.</summary>
    /// <exception cref="EmbeddingModelException">The file is missing or is not an array of <c>[piece, score]</c>.</exception>
    public static SentencePieceTokenizer Load(string vocabJsonPath)
    {
        ArgumentNullException.ThrowIfNull(vocabJsonPath);
        if (!File.Exists(vocabJsonPath))
        {
            throw new EmbeddingModelException($"The vocabulary file '{vocabJsonPath}' was not found; expected a JSON array of [piece, score].", vocabJsonPath);
        }

        var vocab = new List<(string, double)>(8192);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(vocabJsonPath));
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new EmbeddingModelException($"The vocabulary file '{vocabJsonPath}' is not a JSON array of [piece, score].", vocabJsonPath);
            }

            int index = 0;
            foreach (JsonElement e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() < 2
                    || e[0].ValueKind != JsonValueKind.String || e[1].ValueKind is not (JsonValueKind.Number or JsonValueKind.Null))
                {
                    throw new EmbeddingModelException(
                        $"The vocabulary file '{vocabJsonPath}' has a malformed entry at index {index}; expected [piece, score].", vocabJsonPath);
                }

                // A null score counts as 0, as the reference's arithmetic does.
                vocab.Add((e[0].GetString()!, e[1].ValueKind == JsonValueKind.Null ? 0d : e[1].GetDouble()));
                index++;
            }
        }
        catch (JsonException ex)
        {
            throw new EmbeddingModelException($"The vocabulary file '{vocabJsonPath}' is not valid JSON: {ex.Message}", vocabJsonPath, ex);
        }

        if (vocab.Count <= ReservedSymbols)
        {
            throw new EmbeddingModelException($"The vocabulary file '{vocabJsonPath}' holds {vocab.Count} pieces; expected more than {ReservedSymbols}.", vocabJsonPath);
        }

        return new SentencePieceTokenizer(vocab);
    }

    /// <summary>Tokenizes <paramref name="text"/> and returns the token ids.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public int[] Encode(string text)
    {
        var ids = new List<int>();
        Encode(text, ids);
        return ids.ToArray();
    }

    /// <summary>Tokenizes <paramref name="text"/>, appending the token ids to <paramref name="ids"/> (which is cleared first).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="ids"/> is null.</exception>
    public void Encode(string text, List<int> ids)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(ids);
        ids.Clear();
        // The symbols of Preprocess(text), built without its string: NFKC (no copy when the text is normalised already, as
        // most are), a word boundary first and in place of every space.
        string normalized = NormalizeNfkc(text);
        if (normalized.Length == 0) return;

        Workspace ws = t_workspace ??= new Workspace();
        int n = ws.SetSymbols(normalized);
        int[] symbols = ws.Symbols;

        // Lattice edges, generated by start position ascending (then by length ascending, the trie order).
        ws.EdgeCount = 0;
        for (int i = 0; i < n; i++)
        {
            int node = 0;
            bool any = false;
            for (int j = i; j < n; j++)
            {
                if (!_children.TryGetValue(((long)node << 21) | (uint)symbols[j], out node)) break;
                int piece = _nodePiece[node];
                if (piece >= 0)
                {
                    ws.AddEdge(i, j + 1, _nodeScore[node], piece);
                    any = true;
                }
            }

            if (!any) ws.AddEdge(i, i + 1, 0, 0);
        }

        // Group edges by end position, keeping start order (stable counting sort).
        ws.EnsureLattice(n + 1);
        int[] count = ws.EndCounts;
        Array.Clear(count, 0, n + 2);
        for (int e = 0; e < ws.EdgeCount; e++) count[ws.EdgeEnd[e] + 1]++;
        for (int p = 1; p <= n + 1; p++) count[p] += count[p - 1];
        int[] order = ws.Order;
        int[] cursor = ws.Cursor;
        Array.Copy(count, cursor, n + 1);
        for (int e = 0; e < ws.EdgeCount; e++) order[cursor[ws.EdgeEnd[e]]++] = e;

        double[] best = ws.Best;
        int[] words = ws.Words;
        Array.Clear(best, 0, n + 1);
        Array.Clear(words, 0, n + 1);
        for (int end = 0; end <= n; end++)
        {
            for (int k = count[end]; k < count[end + 1]; k++)
            {
                int e = order[k];
                double score = ws.EdgeScore[e] + best[ws.EdgeStart[e]];
                if (best[end] == 0 || score >= best[end])
                {
                    best[end] = score;
                    words[end] = ws.EdgePiece[e];
                }
            }
        }

        // Backtrack (by the UTF-16 length of each piece, as the reference does), then merge runs of unknowns.
        int start = ids.Count;
        bool previousUnknown = false;
        for (int iter = n; iter > 0;)
        {
            int id = words[iter];
            if (!(previousUnknown && id == 0)) ids.Add(id);
            previousUnknown = id == 0;
            iter -= _pieceUtf16Length[id];
        }

        ids.Reverse(start, ids.Count - start);
    }

    /// <summary>
    /// The reference preprocessing: NFKC (lone surrogates are kept as they are), then a leading <c>▁</c> and
    /// <c>▁</c> for every ASCII space; the empty string stays empty.
    /// </summary>
    public static string Preprocess(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string normalized = NormalizeNfkc(text);
        if (normalized.Length == 0) return normalized;
        return string.Create(normalized.Length + 1, normalized, static (span, s) =>
        {
            span[0] = WordBoundary;
            for (int i = 0; i < s.Length; i++) span[i + 1] = BoundaryForSpace(s[i]);
        });
    }

    /// <summary>The reference's one substitution: an ASCII space is a word boundary.</summary>
    private static char BoundaryForSpace(char c) => c == ' ' ? WordBoundary : c;

    private static string NormalizeNfkc(string text)
    {
        if (!HasLoneSurrogate(text))
        {
            return text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        }

        // string.Normalize rejects ill-formed UTF-16; a lone surrogate never composes, so normalise the runs between them.
        var sb = new StringBuilder(text.Length);
        int runStart = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                if (i > runStart) sb.Append(text.AsSpan(runStart, i - runStart).ToString().Normalize(NormalizationForm.FormKC));
                sb.Append(c);
                runStart = i + 1;
            }
        }

        if (runStart < text.Length) sb.Append(text.AsSpan(runStart).ToString().Normalize(NormalizationForm.FormKC));
        return sb.ToString();
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (!char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            return true;
        }

        return false;
    }

    private void Insert(string piece, double score, int id)
    {
        int node = 0;
        for (int i = 0; i < piece.Length; i++)
        {
            int cp = piece[i];
            if (char.IsHighSurrogate(piece[i]) && i + 1 < piece.Length && char.IsLowSurrogate(piece[i + 1]))
            {
                cp = char.ConvertToUtf32(piece[i], piece[i + 1]);
                i++;
            }

            long key = ((long)node << 21) | (uint)cp;
            if (!_children.TryGetValue(key, out int child))
            {
                child = _nodePiece.Count;
                _nodePiece.Add(-1);
                _nodeScore.Add(0);
                _children.Add(key, child);
            }

            node = child;
        }

        if (node != 0)
        {
            _nodePiece[node] = id;
            _nodeScore[node] = score;
        }
    }

    private sealed class Workspace
    {
        public int[] Symbols = new int[256];
        public int[] EdgeStart = new int[1024];
        public int[] EdgeEnd = new int[1024];
        public double[] EdgeScore = new double[1024];
        public int[] EdgePiece = new int[1024];
        public int EdgeCount;
        public int[] EndCounts = new int[258];
        public int[] Cursor = new int[258];
        public int[] Order = new int[1024];
        public double[] Best = new double[257];
        public int[] Words = new int[257];

        /// <summary>Writes the code points of a word boundary followed by <paramref name="normalized"/>, spaces as word boundaries.</summary>
        public int SetSymbols(string normalized)
        {
            int needed = normalized.Length + 1;
            if (Symbols.Length < needed) Symbols = new int[Math.Max(needed, Symbols.Length * 2)];
            int n = 0;
            Symbols[n++] = WordBoundary;
            for (int i = 0; i < normalized.Length; i++)
            {
                char c = normalized[i];
                if (char.IsHighSurrogate(c) && i + 1 < normalized.Length && char.IsLowSurrogate(normalized[i + 1]))
                {
                    Symbols[n++] = char.ConvertToUtf32(c, normalized[i + 1]);
                    i++;
                }
                else
                {
                    Symbols[n++] = BoundaryForSpace(c);
                }
            }

            return n;
        }

        public void AddEdge(int start, int end, double score, int piece)
        {
            if (EdgeCount == EdgeStart.Length)
            {
                int size = EdgeCount * 2;
                Array.Resize(ref EdgeStart, size);
                Array.Resize(ref EdgeEnd, size);
                Array.Resize(ref EdgeScore, size);
                Array.Resize(ref EdgePiece, size);
            }

            EdgeStart[EdgeCount] = start;
            EdgeEnd[EdgeCount] = end;
            EdgeScore[EdgeCount] = score;
            EdgePiece[EdgeCount] = piece;
            EdgeCount++;
        }

        public void EnsureLattice(int positions)
        {
            if (Best.Length < positions)
            {
                Best = new double[positions * 2];
                Words = new int[positions * 2];
                EndCounts = new int[positions * 2 + 1];
                Cursor = new int[positions * 2 + 1];
            }

            if (Order.Length < EdgeCount) Order = new int[Math.Max(EdgeCount, Order.Length * 2)];
        }
    }
}
