using System;
using System.IO;

namespace LlmLint.Embeddings;

/// <summary>Finds the local USE-lite model that <c>eng/setup.sh</c> installs.</summary>
public static class EmbeddingModelLocator
{
    /// <summary>The environment variable that names the model folder.</summary>
    public const string EnvironmentVariable = "LLMLINT_EMBEDDING_MODEL";

    /// <summary>The model folder relative to the repository root.</summary>
    public static readonly string RelativeModelPath = Path.Combine(".assets", "use-lite", "dist");

    /// <summary>
    /// Returns the model folder: <c>LLMLINT_EMBEDDING_MODEL</c> when set, otherwise the first <c>.assets/use-lite/dist</c>
    /// holding a <c>model.json</c> found by walking up from the current directory, then from <see cref="AppContext.BaseDirectory"/>.
    /// </summary>
    /// <exception cref="EmbeddingModelException">No model was found, or the environment variable names a folder without one.</exception>
    public static string Locate()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            string full = Path.GetFullPath(fromEnvironment);
            if (!File.Exists(Path.Combine(full, "model.json")))
            {
                throw new EmbeddingModelException(
                    $"{EnvironmentVariable} is '{fromEnvironment}', but '{Path.Combine(full, "model.json")}' was not found; expected the USE-lite model folder.",
                    Path.Combine(full, "model.json"));
            }

            return full;
        }

        string? found = TryWalkUp(Directory.GetCurrentDirectory()) ?? TryWalkUp(AppContext.BaseDirectory);
        return found ?? throw new EmbeddingModelException(
            $"The local embedding model was not found: set {EnvironmentVariable} to its folder, or run eng/setup.sh to install '{RelativeModelPath}' " +
            $"(searched upwards from '{Directory.GetCurrentDirectory()}' and '{AppContext.BaseDirectory}').");
    }

    /// <summary>Walks up from <paramref name="start"/> looking for <c>.assets/use-lite/dist/model.json</c>.</summary>
    public static string? TryWalkUp(string start)
    {
        ArgumentNullException.ThrowIfNull(start);
        for (DirectoryInfo? dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, RelativeModelPath);
            if (File.Exists(Path.Combine(candidate, "model.json"))) return candidate;
        }

        return null;
    }
}
