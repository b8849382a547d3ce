using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.Shadow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmLint.Distillation;

/// <summary>
/// Distillation at run time: captures teacher answers into the <see cref="IDistillationStore"/>, lets each function's trained
/// student answer the inputs it is confident about, shadow-checks a sample of those answers against the teacher in the
/// background and switches a student off when its agreement's lower bound falls below the target. Trains and installs students.
/// </summary>
/// <remarks>
/// Thread-safe. Capture never slows or fails a call: it runs in the background, each store call bounded by
/// <see cref="DistillationOptions.StoreTimeout"/>, and a failing store is bypassed and counted. A student is tied to the template
/// hash it was trained under: a call with another hash retires it. Models are swapped atomically: a call sees the old model or the new one.
/// </remarks>
public sealed class Distiller : IDisposable
{
    private readonly DistillationOptions _options;
    private readonly IDistillationStore _store;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, FunctionState> _functions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _background = new();
    private readonly SemaphoreSlim _shadowSlots;
    private readonly CancellationTokenSource _stopping = new();
    private int _pendingCaptures;
    private long _captured, _storeBypasses, _dropped, _redacted, _localAnswers, _escalations, _embeddingFaults;
    private long _shadowChecks, _shadowDisagreements, _shadowSkipped, _switchedOff, _retired, _unreadableModels;

    /// <summary>Initializes a new instance of the <see cref="Distiller"/> class.</summary>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public Distiller(DistillationOptions? options = null, ILogger? logger = null)
    {
        _options = options ?? new DistillationOptions();
        _options.Validate();
        _store = _options.Store ?? new InMemoryDistillationStore(timeProvider: _options.TimeProvider);
        _embedder = _options.EmbeddingGenerator ?? Embeddings.LocalEmbeddingGenerator.Default;
        _logger = logger ?? NullLogger.Instance;
        _shadowSlots = new SemaphoreSlim(_options.MaxConcurrentShadowChecks, _options.MaxConcurrentShadowChecks);
    }

    /// <summary>Gets the options.</summary>
    public DistillationOptions Options => _options;

    /// <summary>Gets the capture store.</summary>
    public IDistillationStore Store => _store;

    /// <summary>Gets what the distiller did since it started.</summary>
    public DistillationCounters Counters => new(
        Interlocked.Read(ref _captured), Interlocked.Read(ref _storeBypasses), Interlocked.Read(ref _dropped), Interlocked.Read(ref _redacted),
        Interlocked.Read(ref _localAnswers), Interlocked.Read(ref _escalations), Interlocked.Read(ref _embeddingFaults),
        Interlocked.Read(ref _shadowChecks), Interlocked.Read(ref _shadowDisagreements), Interlocked.Read(ref _shadowSkipped),
        Interlocked.Read(ref _switchedOff), Interlocked.Read(ref _retired), Interlocked.Read(ref _unreadableModels));

    /// <summary>Gets the state of a function's student.</summary>
    /// <param name="functionId">The function.</param>
    /// <returns>The state.</returns>
    public StudentStatus GetStatus(string functionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        return State(functionId).Current is { } slot
            ? new StudentStatus(functionId, slot.State, slot.Model.Version, slot.Model.TemplateHash, slot.Monitor.Checks, slot.Monitor.LowerBound)
            : new StudentStatus(functionId, StudentState.None, 0, null, 0, 0);
    }

    /// <summary>Asks the function's student for a local answer.</summary>
    /// <param name="functionId">The function.</param>
    /// <param name="templateHash">The function's current template hash; a student of another hash is retired.</param>
    /// <param name="input">The text the student reads.</param>
    /// <param name="policy">The function's policy; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The answer, or <see langword="null"/> to ask the teacher (no active student, not confident, or the input could not be embedded).</returns>
    public async ValueTask<LocalAnswer?> TryAnswerAsync(string functionId, string templateHash, string input, LlmDistillationPolicy? policy = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        ArgumentNullException.ThrowIfNull(templateHash);
        ArgumentNullException.ThrowIfNull(input);
        FunctionState state = State(functionId);
        state.Policy = policy;
        if (policy is { AnswerLocally: false } || state.Current is not { } slot)
        {
            return null;
        }

        if (!string.Equals(slot.Model.TemplateHash, templateHash, StringComparison.Ordinal))
        {
            if (slot.TryMove(StudentState.Retired))
            {
                Interlocked.Increment(ref _retired);
                DistillationLog.Retired(_logger, functionId, slot.Model.Version);
                RequestRetrain(functionId, StudentState.Retired, templateHash, $"The template changed ({slot.Model.TemplateHash} → {templateHash}); the student of version {slot.Model.Version} is retired.");
            }

            return null;
        }

        if (slot.State != StudentState.Active || !float.IsFinite(slot.Model.Student.Threshold))
        {
            return null; // a student whose threshold reaches no target never answers: no need to embed
        }

        StudentDecision decision;
        try
        {
            GeneratedEmbeddings<Embedding<float>> embeddings = await _embedder.GenerateAsync(new[] { input }, null, cancellationToken);
            ReadOnlyMemory<float> vector = embeddings[0].Vector;
            if (vector.Length != slot.Model.Student.Classifier.Dimensions)
            {
                throw new InvalidOperationException($"The embedding generator returns {vector.Length} values; the student of '{functionId}' reads {slot.Model.Student.Classifier.Dimensions}.");
            }

            decision = slot.Model.Student.Decide(vector.Span);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            Interlocked.Increment(ref _embeddingFaults);
            DistillationLog.EmbeddingFailed(_logger, functionId, ex);
            return null;
        }

        var function = new KeyValuePair<string, object?>("llmlint.function", functionId);
        if (!decision.Answers)
        {
            Interlocked.Increment(ref _escalations);
            DistillationMetrics.Answers.Add(1, function, new("llmlint.distill.outcome", "escalated"));
            return null;
        }

        Interlocked.Increment(ref _localAnswers);
        DistillationMetrics.Answers.Add(1, function, new("llmlint.distill.outcome", "local"));
        DistillationMetrics.Confidence.Record(decision.Confidence, function);
        var answer = new LocalAnswer(functionId, decision.Label, decision.Confidence, slot.Model.Student.Threshold, slot.Model.Version);
        _options.OnLocalAnswer?.Invoke(answer);
        return answer;
    }

    /// <summary>Counts a local answer and returns whether it is checked against the teacher (the function's shadow rate, evenly spread).</summary>
    /// <param name="functionId">The function.</param>
    /// <param name="policy">The function's policy.</param>
    /// <returns><see langword="true"/> to check it.</returns>
    public bool ShouldShadow(string functionId, LlmDistillationPolicy? policy = null)
    {
        double rate = policy?.ShadowRate ?? _options.ShadowRate;
        FunctionState state = State(functionId);
        DeterministicSampler sampler = state.Sampler;
        if (sampler.Rate != rate)
        {
            sampler = state.Sampler = new DeterministicSampler(rate);
        }

        return sampler.ShouldSample();
    }

    /// <summary>
    /// Checks a local answer against the teacher in the background (at most <see cref="DistillationOptions.MaxConcurrentShadowChecks"/>
    /// at once; more are skipped and counted). A disagreement that puts the agreement's lower bound below the target switches the student off.
    /// </summary>
    /// <param name="answer">The local answer.</param>
    /// <param name="teacherLabel">Asks the teacher; returns its answer as a label, or <see langword="null"/> when it gave no valid one.</param>
    public void ShadowCheck(LocalAnswer answer, Func<CancellationToken, Task<string?>> teacherLabel)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(teacherLabel);
        if (State(answer.FunctionId).Current is not { } slot || slot.Model.Version != answer.StudentVersion || !_shadowSlots.Wait(0))
        {
            Interlocked.Increment(ref _shadowSkipped);
            return;
        }

        Track(Task.Run(async () =>
        {
            try
            {
                using var bound = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                bound.CancelAfter(_options.ShadowTimeout);
                string? label = await teacherLabel(bound.Token);
                if (label is null)
                {
                    Interlocked.Increment(ref _shadowSkipped);
                    return;
                }

                bool agreed = string.Equals(label, answer.Label, StringComparison.Ordinal);
                Interlocked.Increment(ref _shadowChecks);
                DistillationMetrics.ShadowChecks.Add(1, new KeyValuePair<string, object?>("llmlint.function", answer.FunctionId), new("llmlint.distill.agreed", agreed));
                if (!agreed)
                {
                    Interlocked.Increment(ref _shadowDisagreements);
                }

                if (!slot.Monitor.Record(agreed) && slot.TryMove(StudentState.SwitchedOff))
                {
                    Interlocked.Increment(ref _switchedOff);
                    double bound95 = slot.Monitor.LowerBound;
                    DistillationLog.SwitchedOff(_logger, answer.FunctionId, slot.Model.Version, bound95);
                    RequestRetrain(answer.FunctionId, StudentState.SwitchedOff, slot.Model.TemplateHash, $"Shadow checks put the agreement's 95% lower bound at {bound95:P2}, below the target {slot.Model.TargetAgreement:P1}; the student of version {slot.Model.Version} is switched off.");
                }
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _shadowSkipped);
                DistillationLog.ShadowFailed(_logger, answer.FunctionId, ex);
            }
            finally
            {
                _shadowSlots.Release();
            }
        }));
    }

    /// <summary>Stores a capture in the background; a full queue, a failing or slow store, or a redaction hook that withholds it is counted, never thrown.</summary>
    /// <param name="capture">The capture.</param>
    public void Capture(DistillationCapture capture)
    {
        ArgumentNullException.ThrowIfNull(capture);
        if (Interlocked.Increment(ref _pendingCaptures) > _options.MaxPendingCaptures)
        {
            Interlocked.Decrement(ref _pendingCaptures);
            Count(ref _dropped, "dropped");
            return;
        }

        Track(Task.Run(async () =>
        {
            try
            {
                DistillationCapture? stored = Redact(capture);
                if (stored is null)
                {
                    Count(ref _redacted, "redacted");
                    return;
                }

                await BoundedStoreCall.RunAsync(
                    async token =>
                    {
                        await _store.AddAsync(stored, token);
                        return true;
                    },
                    _store.InProcess,
                    _options.StoreTimeout,
                    _stopping.Token);
                Count(ref _captured, "stored");
            }
            catch (Exception ex)
            {
                if (!_stopping.IsCancellationRequested)
                {
                    Count(ref _storeBypasses, "bypassed");
                    DistillationLog.StoreBypassed(_logger, capture.FunctionId, ex);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _pendingCaptures);
            }
        }));
    }

    /// <summary>Builds the capture of a teacher answer from its request and response.</summary>
    /// <param name="functionId">The function.</param>
    /// <param name="templateHash">The template hash.</param>
    /// <param name="input">The text the student reads.</param>
    /// <param name="messages">The request's messages.</param>
    /// <param name="arguments">The normalised parameters, if known.</param>
    /// <param name="answer">The validated answer text.</param>
    /// <param name="label">The answer as a label (enum and bool results).</param>
    /// <param name="response">The teacher's response (tier, model, cost).</param>
    /// <returns>The capture.</returns>
    public DistillationCapture NewCapture(string functionId, string templateHash, string input, IEnumerable<ChatMessage> messages, string? arguments, string answer, string? label, ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(response);
        string? system = null;
        var prompt = new StringBuilder();
        foreach (ChatMessage message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                system = system is null ? message.Text : system + "\n\n" + message.Text;
            }
            else
            {
                prompt.Append(prompt.Length == 0 ? string.Empty : "\n\n").Append(message.Text);
            }
        }

        AdditionalPropertiesDictionary? props = response.AdditionalProperties;
        Tier? tier = props?.TryGetValue(LlmLintPropertyKeys.Tier, out object? t) == true && t is Tier rt ? rt : null;
        decimal? cost = props?.TryGetValue(LlmLintPropertyKeys.CostUsd, out object? c) == true && c is decimal dc ? dc : null;
        return new DistillationCapture(functionId, templateHash, _options.TimeProvider.GetUtcNow(), input, prompt.ToString(), system, arguments, answer, label, tier, response.ModelId, cost);
    }

    /// <summary>Waits until every capture and shadow check started so far has finished.</summary>
    /// <returns>A task that completes when the background work is done.</returns>
    public async Task WhenIdleAsync()
    {
        while (!_background.IsEmpty)
        {
            await Task.WhenAll(_background.Keys);
        }
    }

    /// <summary>Trains a student of a function from its labelled captures (the teacher's enum or bool answers) under one template hash.</summary>
    /// <param name="functionId">The function.</param>
    /// <param name="templateHash">The template hash; the newest capture's when <see langword="null"/>.</param>
    /// <param name="targetAgreement">The agreement the threshold must guarantee on held-out captures; when <see langword="null"/>, the target of the function's <see cref="LlmDistillationPolicy"/> (as its calls carry it), else <see cref="DistillationOptions.TargetAgreement"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The model (not installed: see <see cref="Install"/>).</returns>
    /// <exception cref="InvalidOperationException">The function has no labelled captures under the template hash.</exception>
    /// <exception cref="ArgumentException">The captures are too few to train (the message says how many are needed).</exception>
    public async Task<StudentModel> TrainAsync(string functionId, string? templateHash = null, double? targetAgreement = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        IReadOnlyList<DistillationCapture> captures = await _store.ReadAsync(functionId, null, cancellationToken);
        // Stores return captures in any order (they are written in the background): a canonical order makes a retrain on
        // the same captures give the same student, and "the latest template" the one of the newest capture.
        DistillationCapture[] ordered = captures
            .OrderBy(c => c.Timestamp)
            .ThenBy(c => c.Input, StringComparer.Ordinal)
            .ThenBy(c => c.Label, StringComparer.Ordinal)
            .ToArray();
        templateHash ??= ordered.Length > 0 ? ordered[^1].TemplateHash : null;
        DistillationCapture[] labelled = ordered.Where(c => c.Label is not null && c.TemplateHash == templateHash).ToArray();
        if (labelled.Length == 0)
        {
            throw new InvalidOperationException($"'{functionId}' has no labelled captures{(templateHash is null ? string.Empty : " under template " + templateHash)}: a student learns the teacher's answers of an enum or bool function.");
        }

        double target = targetAgreement ?? State(functionId).Policy?.TargetAgreement ?? _options.TargetAgreement;
        (float[] x, int dimensions) = await EmbedAsync(labelled.Select(c => c.Input).ToArray(), cancellationToken);
        StudentTrainingOptions options = _options.Training.WithTarget(target);
        string[] labels = labelled.Select(c => c.Label!).ToArray();
        DistilledStudent student = await Task.Run(() => StudentTraining.Train(x, dimensions, labels, options, cancellationToken), cancellationToken);
        string? embedder = _embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId;
        return new StudentModel(functionId, templateHash!, LatestVersion(functionId) + 1, _options.TimeProvider.GetUtcNow(), embedder, labelled.Length, target, student);
    }

    /// <summary>Installs a model as the function's student (active at once), writing it first to <see cref="DistillationOptions.ModelDirectory"/> when set.</summary>
    /// <param name="model">The model.</param>
    public void Install(StudentModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_options.ModelDirectory is { } directory)
        {
            StudentModelFile.Write(StudentModelFile.PathFor(directory, model.FunctionId), model);
        }

        State(model.FunctionId).Current = NewSlot(model);
        DistillationLog.Installed(_logger, model.FunctionId, model.Version, model.Student.Threshold);
    }

    /// <summary>Trains a student from the captures and installs it.</summary>
    /// <param name="functionId">The function.</param>
    /// <param name="templateHash">The template hash; the newest capture's when <see langword="null"/>.</param>
    /// <param name="targetAgreement">The agreement to guarantee; the default when <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The installed model.</returns>
    public async Task<StudentModel> TrainAndInstallAsync(string functionId, string? templateHash = null, double? targetAgreement = null, CancellationToken cancellationToken = default)
    {
        StudentModel model = await TrainAsync(functionId, templateHash, targetAgreement, cancellationToken);
        Install(model);
        return model;
    }

    /// <summary>Reads the function's model file again (for example after <c>llmlint distill train</c> wrote a new one) and installs it.</summary>
    /// <param name="functionId">The function.</param>
    /// <returns><see langword="true"/> when a model was loaded.</returns>
    public bool Reload(string functionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        if (Load(functionId) is not { } slot)
        {
            return false;
        }

        State(functionId).Current = slot;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task<(float[] X, int Dimensions)> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        const int Batch = 256;
        float[]? x = null;
        int dimensions = 0;
        for (int start = 0; start < inputs.Count; start += Batch)
        {
            string[] batch = inputs.Skip(start).Take(Batch).ToArray();
            GeneratedEmbeddings<Embedding<float>> embeddings = await _embedder.GenerateAsync(batch, null, cancellationToken);
            for (int i = 0; i < embeddings.Count; i++)
            {
                ReadOnlySpan<float> vector = embeddings[i].Vector.Span;
                if (x is null)
                {
                    dimensions = vector.Length;
                    x = new float[inputs.Count * dimensions];
                }

                if (vector.Length != dimensions)
                {
                    throw new InvalidOperationException($"The embedding generator returned vectors of {dimensions} and {vector.Length} values.");
                }

                vector.CopyTo(x.AsSpan((start + i) * dimensions, dimensions));
            }
        }

        return (x!, dimensions);
    }

    private int LatestVersion(string functionId)
    {
        int version = State(functionId).Current?.Model.Version ?? 0;
        if (_options.ModelDirectory is { } directory && File.Exists(StudentModelFile.PathFor(directory, functionId)))
        {
            try
            {
                version = Math.Max(version, StudentModelFile.Read(StudentModelFile.PathFor(directory, functionId)).Version);
            }
            catch (InvalidDataException)
            {
                // an unreadable file is replaced by the new version
            }
        }

        return version;
    }

    private DistillationCapture? Redact(DistillationCapture capture)
    {
        if (_options.Redact is not { } redact)
        {
            return capture;
        }

        try
        {
            return redact(capture);
        }
        catch (Exception ex)
        {
            DistillationLog.RedactionFailed(_logger, capture.FunctionId, ex);
            return null;
        }
    }

    private void Count(ref long counter, string outcome)
    {
        Interlocked.Increment(ref counter);
        DistillationMetrics.Captures.Add(1, new KeyValuePair<string, object?>("llmlint.distill.outcome", outcome));
    }

    private void RequestRetrain(string functionId, StudentState state, string templateHash, string reason)
    {
        try
        {
            _options.OnRetrainRequested?.Invoke(new StudentRetrainRequest(functionId, state, templateHash, reason));
        }
        catch (Exception ex)
        {
            DistillationLog.ObserverFailed(_logger, functionId, ex);
        }
    }

    private void Track(Task task)
    {
        _background[task] = 0;
        _ = task.ContinueWith(t => _background.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private FunctionState State(string functionId) => _functions.GetOrAdd(functionId, id => new FunctionState(Load(id), _options.ShadowRate));

    private StudentSlot? Load(string functionId)
    {
        if (_options.ModelDirectory is not { } directory)
        {
            return null;
        }

        string path = StudentModelFile.PathFor(directory, functionId);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            StudentModel model = StudentModelFile.Read(path);
            if (!string.Equals(model.FunctionId, functionId, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"The student model '{path}' belongs to '{model.FunctionId}', not '{functionId}'.");
            }

            return NewSlot(model);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _unreadableModels);
            DistillationLog.ModelUnreadable(_logger, functionId, ex);
            return null;
        }
    }

    private StudentSlot NewSlot(StudentModel model) =>
        new(model, new StudentMonitor(model.Student.HeldOut, model.TargetAgreement, _options.ShadowWindow, _options.MinShadowChecks));

    private sealed class FunctionState(StudentSlot? current, double shadowRate)
    {
        private StudentSlot? _current = current;

        public StudentSlot? Current
        {
            get => Volatile.Read(ref _current);
            set => Volatile.Write(ref _current, value);
        }

        public DeterministicSampler Sampler { get; set; } = new(shadowRate);

        /// <summary>Gets or sets the policy the function's calls last carried (its target is the default of training).</summary>
        public LlmDistillationPolicy? Policy { get; set; }
    }

    private sealed class StudentSlot(StudentModel model, StudentMonitor monitor)
    {
        private int _state = (int)StudentState.Active;

        public StudentModel Model { get; } = model;

        public StudentMonitor Monitor { get; } = monitor;

        public StudentState State => (StudentState)Volatile.Read(ref _state);

        /// <summary>Moves an active (or, for retirement, switched-off) student to <paramref name="state"/>; false when another call already did.</summary>
        public bool TryMove(StudentState state)
        {
            int from = Volatile.Read(ref _state);
            while (from == (int)StudentState.Active || (state == StudentState.Retired && from == (int)StudentState.SwitchedOff))
            {
                int seen = Interlocked.CompareExchange(ref _state, (int)state, from);
                if (seen == from)
                {
                    return true;
                }

                from = seen;
            }

            return false;
        }
    }
}
