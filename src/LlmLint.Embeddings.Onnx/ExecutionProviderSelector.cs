using System;
using Microsoft.ML.OnnxRuntime;

namespace LlmLint.Embeddings.Onnx;

/// <summary>Creates the inference session on the execution provider the options ask for, falling back to the CPU.</summary>
internal static class ExecutionProviderSelector
{
    /// <summary>Creates the session; <paramref name="provider"/> and <paramref name="reason"/> say where it runs and why.</summary>
    public static InferenceSession Create(string modelPath, OnnxEmbeddingOptions options, out string provider, out string reason)
    {
        if (options.ExecutionProvider == OnnxExecutionProvider.Cpu)
        {
            provider = "CPU";
            reason = "the CPU was asked for";
            return new InferenceSession(modelPath, CpuOptions(options));
        }

        SessionOptions? cuda = null;
        try
        {
            cuda = CpuOptions(options);
            cuda.AppendExecutionProvider_CUDA(options.CudaDeviceId);
            var session = new InferenceSession(modelPath, cuda);
            provider = "CUDA";
            reason = $"device {options.CudaDeviceId} answered";
            return session;
        }
        catch (Exception exception) when (exception is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            cuda?.Dispose();
            provider = "CPU";
            reason = "CUDA is not available (" + FirstLine(exception.Message) + "); reference Microsoft.ML.OnnxRuntime.Gpu and run on a machine with a CUDA device to use it";
            return new InferenceSession(modelPath, CpuOptions(options));
        }
    }

    private static SessionOptions CpuOptions(OnnxEmbeddingOptions options)
    {
        var session = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (options.IntraOpThreads > 0)
        {
            session.IntraOpNumThreads = options.IntraOpThreads;
        }

        return session;
    }

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(new[] { '\r', '\n' });
        return (end < 0 ? text : text.Substring(0, end)).Trim();
    }
}
