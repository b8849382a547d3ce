namespace LlmLint.Embeddings;

/// <summary>
/// The weights of the USE-lite encoder, taken from its TF.js graph by node name and checked against the shapes and
/// ops the forward pass implements.
/// </summary>
/// <remarks>
/// The graph (<c>Encoder_en/KonaTransformer</c>): token embeddings (8002×256); the layer-0 input is
/// <c>x + AddTimingSignal(x)</c>, that is twice the embedding plus a sinusoidal timing signal, over the first 128 positions; layer 0 (pre-norm, 4 heads × 64 over 256 features, a dense 256→512 projection of the
/// residual, attention output 256→512, ReLU feed-forward 512→1536→512); layer 1 (pre-norm, 4 heads × 128 over 512,
/// same feed-forward); padding-masked mean pooling; dense 512→512 with tanh; L2 normalisation.
/// </remarks>
internal sealed class UseLiteWeights
{
    internal const string Kona = "module_apply_default/Encoder_en/KonaTransformer/";
    internal const string Enc = Kona + "Encode/";
    internal const string Stack = Kona + "Encode/TransformerStack/";

    /// <summary>The width of the output embedding.</summary>
    public const int OutputDimensions = 512;

    /// <summary>The width of the token embeddings.</summary>
    public const int EmbeddingDimensions = 256;

    /// <summary>The positions the graph keeps (<c>ClipToMaxLength</c>): later tokens are dropped.</summary>
    public int MaxPositions { get; }

    internal int VocabularySize { get; }
    internal float[] Embeddings { get; }
    internal float[] Timing { get; }
    internal LayerWeights[] Layers { get; }
    internal PackedMatrix ResidualProjection { get; }
    internal float[] ResidualProjectionBias { get; }
    internal PackedMatrix Output { get; }
    internal float[] OutputBias { get; }
    internal float LayerNormEpsilon { get; }
    internal float NormalizeEpsilon { get; }

    private UseLiteWeights(TfjsGraphModel g)
    {
        // The ops the forward pass reproduces; a graph without them is another network.
        g.RequireNode(Kona + "ClipToMaxLength/Less", "Less");
        g.RequireNode(Enc + "embedding_lookup", "GatherV2");
        g.RequireNode(Stack + "Layer_0/AddTimingSignal/TimingSignal/Sin", "Sin");
        g.RequireNode(Stack + "Layer_0/AddTimingSignal/TimingSignal/Cos", "Cos");
        g.RequireNode(Stack + "Layer_0/TransformerLayer/AdjustResidualInput/dense/MatMul", "MatMul");
        g.RequireNode(Stack + "Layer_1/TransformerLayer/FFN/conv1/Relu", "Relu");
        g.RequireNode(Kona + "Sum", "Sum");
        g.RequireNode(Kona + "div", "RealDiv");
        g.RequireNode("module_apply_default/Encoder_en/hidden_layers/tanh_layer_0/Tanh", "Tanh");
        g.RequireNode("module_apply_default/Encoder_en/hidden_layers/l2_normalize/Rsqrt", "Rsqrt");

        MaxPositions = g.GetInt(Kona + "ClipToMaxLength/Less/y")[0];
        if (MaxPositions <= 0 || MaxPositions > 4096)
        {
            throw new EmbeddingModelException($"The model file '{g.ModelPath}' clips to {MaxPositions} positions; expected 1..4096.", g.ModelPath);
        }

        Embeddings = g.GetFloat("module/Embeddings_en", EmbeddingRows(g), EmbeddingDimensions);
        VocabularySize = Embeddings.Length / EmbeddingDimensions;

        float[] inv = g.GetFloat(Stack + "Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1", 1, EmbeddingDimensions / 2);
        Timing = new float[MaxPositions * EmbeddingDimensions];
        int half = EmbeddingDimensions / 2;
        for (int p = 0; p < MaxPositions; p++)
        {
            for (int j = 0; j < half; j++)
            {
                float angle = p * inv[j];
                Timing[p * EmbeddingDimensions + j] = MathF.Sin(angle);
                Timing[p * EmbeddingDimensions + half + j] = MathF.Cos(angle);
            }
        }

        LayerNormEpsilon = g.GetFloat(Stack + "Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x")[0];
        NormalizeEpsilon = g.GetFloat("module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y")[0];

        ResidualProjection = new PackedMatrix(g.GetFloat(Enc + "Layer_0/TransformerLayer/dense/kernel/ConcatPartitions/concat", 256, 512), 256, 512);
        ResidualProjectionBias = g.GetFloat(Enc + "Layer_0/TransformerLayer/dense/bias/ConcatPartitions/concat", 512);
        Layers = new[] { LoadLayer(g, 0, 256, 64), LoadLayer(g, 1, 512, 128) };
        Output = new PackedMatrix(g.GetFloat("module/Encoder_en/hidden_layers/tanh_layer_0/weights", 512, 512), 512, 512);
        OutputBias = g.GetFloat("module/Encoder_en/hidden_layers/tanh_layer_0/bias", 512);
    }

    /// <summary>Reads the USE-lite weights from a loaded graph.</summary>
    /// <exception cref="EmbeddingModelException">A node or weight is missing or has an unexpected shape.</exception>
    public static UseLiteWeights FromGraph(TfjsGraphModel graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return new UseLiteWeights(graph);
    }

    private static int EmbeddingRows(TfjsGraphModel g)
        => g.Weights.TryGetValue("module/Embeddings_en", out TfjsWeightSpec? spec) && spec.Shape.Length == 2 ? spec.Shape[0] : -1;

    private static LayerWeights LoadLayer(TfjsGraphModel g, int index, int dim, int headDim)
    {
        string l = Enc + $"Layer_{index}/TransformerLayer/";
        string s = Stack + $"Layer_{index}/TransformerLayer/";
        string mk = $"module/Encoder_en/KonaTransformer/Encode/Layer_{index}/TransformerLayer/MultiheadAttention/";
        int[] split = g.GetInt(s + "MultiheadAttention/Const", 3);
        int heads = g.GetInt(s + "MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/3")[0] == headDim ? dim / headDim : -1;
        if (split[0] != dim || split[1] != dim || split[2] != dim || heads != 4)
        {
            throw new EmbeddingModelException($"Layer {index} of '{g.ModelPath}' splits q/k/v as [{string.Join(",", split)}]; expected {dim} each in 4 heads of {headDim}.", g.ModelPath);
        }

        return new LayerWeights
        {
            InputDim = dim,
            HeadDim = headDim,
            Heads = heads,
            QueryScale = g.GetFloat(s + "MultiheadAttention/mul/y")[0],
            AttentionNormScale = g.GetFloat(l + "layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", dim),
            AttentionNormBias = g.GetFloat(l + "layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", dim),
            Qkv = new PackedMatrix(g.GetFloat(mk + "qkv_transform_single/kernel/part_0", 1, 1, dim, 3 * dim), dim, 3 * dim),
            QkvBias = g.GetFloat(l + "MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat", 3 * dim),
            AttentionOutput = new PackedMatrix(g.GetFloat(mk + "output_transform_single/kernel/part_0", 1, 1, dim, 512), dim, 512),
            AttentionOutputBias = g.GetFloat(l + "MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat", 512),
            FfnNormScale = g.GetFloat(l + "FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", 512),
            FfnNormBias = g.GetFloat(l + "FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", 512),
            Ffn1 = new PackedMatrix(g.GetFloat(s + "FFN/conv1/Tensordot/Reshape_1", 512, 1536), 512, 1536),
            Ffn1Bias = g.GetFloat(l + "FFN/conv1/bias/ConcatPartitions/concat", 1536),
            Ffn2 = new PackedMatrix(g.GetFloat(s + "FFN/conv2/Tensordot/Reshape_1", 1536, 512), 1536, 512),
            Ffn2Bias = g.GetFloat(l + "FFN/conv2/bias/ConcatPartitions/concat", 512),
        };
    }

    internal sealed class LayerWeights
    {
        public int InputDim;
        public int HeadDim;
        public int Heads;
        public float QueryScale;
        public float[] AttentionNormScale = null!;
        public float[] AttentionNormBias = null!;
        public PackedMatrix Qkv = null!;
        public float[] QkvBias = null!;
        public PackedMatrix AttentionOutput = null!;
        public float[] AttentionOutputBias = null!;
        public float[] FfnNormScale = null!;
        public float[] FfnNormBias = null!;
        public PackedMatrix Ffn1 = null!;
        public float[] Ffn1Bias = null!;
        public PackedMatrix Ffn2 = null!;
        public float[] Ffn2Bias = null!;
    }
}
