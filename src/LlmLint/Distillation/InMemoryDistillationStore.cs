using System.Linq;
using System.Threading.Tasks;

namespace LlmLint.Distillation;

/// <summary>An in-process <see cref="IDistillationStore"/>: captures live as long as the process, within the retention.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemoryDistillationStore : IDistillationStore
{
    private readonly Dictionary<string, Queue<DistillationCapture>> _functions = new(StringComparer.Ordinal);
    private readonly DistillationRetention _retention;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="InMemoryDistillationStore"/> class.</summary>
    /// <param name="retention">The retention; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock of the age limit.</param>
    public InMemoryDistillationStore(DistillationRetention? retention = null, TimeProvider? timeProvider = null)
    {
        _retention = retention ?? new DistillationRetention();
        _retention.Validate();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public bool InProcess => true;

    /// <inheritdoc />
    public ValueTask AddAsync(DistillationCapture capture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(capture);
        lock (_functions)
        {
            if (!_functions.TryGetValue(capture.FunctionId, out Queue<DistillationCapture>? queue))
            {
                _functions[capture.FunctionId] = queue = new Queue<DistillationCapture>();
            }

            queue.Enqueue(capture);
            Trim(queue);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DistillationCapture>> ReadAsync(string functionId, string? templateHash = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        lock (_functions)
        {
            if (!_functions.TryGetValue(functionId, out Queue<DistillationCapture>? queue))
            {
                return ValueTask.FromResult<IReadOnlyList<DistillationCapture>>(Array.Empty<DistillationCapture>());
            }

            Trim(queue);
            DistillationCapture[] captures = queue.Where(c => templateHash is null || c.TemplateHash == templateHash).ToArray();
            return ValueTask.FromResult<IReadOnlyList<DistillationCapture>>(captures);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> FunctionsAsync(CancellationToken cancellationToken = default)
    {
        lock (_functions)
        {
            string[] functions = _functions.Where(f => f.Value.Count > 0).Select(f => f.Key).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            return ValueTask.FromResult<IReadOnlyList<string>>(functions);
        }
    }

    private void Trim(Queue<DistillationCapture> queue)
    {
        while (queue.Count > _retention.MaxCapturesPerFunction)
        {
            queue.Dequeue();
        }

        if (_retention.MaxAge is { } age)
        {
            DateTimeOffset cutoff = _time.GetUtcNow() - age;
            while (queue.Count > 0 && queue.Peek().Timestamp < cutoff)
            {
                queue.Dequeue();
            }
        }
    }
}
