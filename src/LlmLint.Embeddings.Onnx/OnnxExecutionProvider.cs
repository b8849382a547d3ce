namespace LlmLint.Embeddings.Onnx;

/// <summary>Where ONNX Runtime runs the model.</summary>
public enum OnnxExecutionProvider
{
    /// <summary>CUDA when the app references the GPU build of ONNX Runtime and a device answers; the CPU otherwise.</summary>
    Auto = 0,

    /// <summary>The CPU.</summary>
    Cpu = 1,

    /// <summary>CUDA, falling back to the CPU (with the reason logged) when it cannot start.</summary>
    Cuda = 2,
}
