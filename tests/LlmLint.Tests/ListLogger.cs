using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace LlmLint.Tests;

/// <summary>A logger that keeps every formatted message.</summary>
internal sealed class ListLogger : ILogger
{
    public List<string> Messages { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Messages)
        {
            Messages.Add(formatter(state, exception));
        }
    }
}
