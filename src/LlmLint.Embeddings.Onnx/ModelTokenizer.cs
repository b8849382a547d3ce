using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Tokenizers;

namespace LlmLint.Embeddings.Onnx;

/// <summary>
/// The tokenizer of a model folder on Microsoft.ML.Tokenizers: BERT WordPiece (<c>vocab.txt</c>), SentencePiece
/// (<c>*.model</c>, or a Unigram <c>tokenizer.json</c>), or byte-level BPE (<c>vocab.json</c> + <c>merges.txt</c>). It
/// encodes a text with the model's special tokens, cut to the token limit.
/// </summary>
internal sealed class ModelTokenizer
{
    private static readonly string[] SentencePieceNames = { "sentencepiece.bpe.model", "spm.model", "tokenizer.model", "sentencepiece.model" };

    private readonly Func<string, int, IReadOnlyList<int>> _encode;

    private ModelTokenizer(string kind, string path, long paddingId, Func<string, int, IReadOnlyList<int>> encode)
    {
        Kind = kind;
        Path = path;
        PaddingId = paddingId;
        _encode = encode;
    }

    /// <summary>Gets the kind: <c>wordpiece</c>, <c>sentencepiece</c> or <c>bpe</c>.</summary>
    public string Kind { get; }

    /// <summary>Gets the tokenizer file.</summary>
    public string Path { get; }

    /// <summary>Gets the id written into padded positions (masked out by the attention mask).</summary>
    public long PaddingId { get; }

    /// <summary>Encodes <paramref name="text"/> with the special tokens, at most <paramref name="maxTokens"/> ids.</summary>
    public IReadOnlyList<int> Encode(string text, int maxTokens) => _encode(text, maxTokens);

    /// <summary>Finds and loads the tokenizer of the folder; none, or an unreadable one, is an error naming the files.</summary>
    public static ModelTokenizer Load(ModelFolder folder)
    {
        try
        {
            if (folder.File("vocab.txt") is { } vocab)
            {
                return WordPiece(folder, vocab);
            }

            foreach (string name in SentencePieceNames)
            {
                if (folder.File(name) is { } model)
                {
                    using FileStream stream = File.OpenRead(model);
                    var tokenizer = Microsoft.ML.Tokenizers.SentencePieceTokenizer.Create(stream, true, true);
                    return SentencePiece(tokenizer, model);
                }
            }

            if (folder.File("tokenizer.json") is { } json)
            {
                using FileStream stream = File.OpenRead(json);
                var tokenizer = Microsoft.ML.Tokenizers.SentencePieceTokenizer.CreateFromTokenizerJson(stream, addBeginningOfSentence: true, addEndOfSentence: true);
                return SentencePiece(tokenizer, json);
            }

            if (folder.File("vocab.json") is { } bpeVocab && folder.File("merges.txt") is { } merges)
            {
                BpeTokenizer tokenizer = BpeTokenizer.Create(bpeVocab, merges);
                return new ModelTokenizer("bpe", bpeVocab, 0, (text, max) => tokenizer.EncodeToIds(text, max, out _, out _));
            }
        }
        catch (Exception exception) when (exception is IOException or FormatException or ArgumentException or InvalidOperationException or InvalidDataException)
        {
            throw new OnnxEmbeddingModelException($"The tokenizer files in '{folder.Directory}' cannot be read: {exception.Message}", exception);
        }

        throw new OnnxEmbeddingModelException(
            $"The model folder '{folder.Directory}' has no tokenizer: looked for vocab.txt (WordPiece), {string.Join(", ", SentencePieceNames)} or a Unigram tokenizer.json (SentencePiece), vocab.json with merges.txt (BPE).");
    }

    private static ModelTokenizer WordPiece(ModelFolder folder, string vocab)
    {
        bool lowerCase = ModelFolder.Bool(folder.TokenizerConfig, "do_lower_case", true);
        var options = new BertOptions
        {
            LowerCaseBeforeTokenization = lowerCase,

            // As BERT's own tokenizer: accents are stripped when the model lower-cases, unless strip_accents says otherwise.
            RemoveNonSpacingMarks = ModelFolder.Bool(folder.TokenizerConfig, "strip_accents", lowerCase),
        };
        BertTokenizer tokenizer = BertTokenizer.Create(vocab, options);
        return new ModelTokenizer("wordpiece", vocab, tokenizer.PaddingTokenId, (text, max) =>
            tokenizer.EncodeToIds(text, max, addSpecialTokens: true, out _, out _));
    }

    private static ModelTokenizer SentencePiece(Microsoft.ML.Tokenizers.SentencePieceTokenizer tokenizer, string path) =>
        new("sentencepiece", path, 0, (text, max) =>
            tokenizer.EncodeToIds(text, addBeginningOfSentence: true, addEndOfSentence: true, max, out _, out _));
}
