using System;
using System.Threading.Tasks;

namespace TicketApp;

/// <summary>Stands in for an LLM SDK: the test analyzer reports every call to Complete.</summary>
public static class Llm
{
    public static Task<string> Complete(string model, string prompt) => Task.FromResult(model + ":" + prompt);
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class CallVolumeAttribute : Attribute
{
    public CallVolumeAttribute(double perDay) => PerDay = perDay;

    public double PerDay { get; }
}
