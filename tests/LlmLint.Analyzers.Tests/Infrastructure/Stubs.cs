namespace LlmLint.Analyzers.Tests.Infrastructure;

/// <summary>
/// Source stubs for what the SDK references (<see cref="Sdks"/>) do not hold yet: ASP.NET Core endpoints and the
/// project's own <c>[Cache]</c> attribute. Every SDK type comes from the real assemblies.
/// </summary>
public static class Stubs
{
    public const string LlmLintAttributes = """
        using System;

        namespace LlmLint
        {
            [AttributeUsage(AttributeTargets.Method)]
            public sealed class CacheAttribute : Attribute { }
        }
        """;

    public const string AspNetCore = """
        #nullable enable
        using System;

        namespace Microsoft.AspNetCore.Mvc
        {
            public abstract class ControllerBase { }
            [AttributeUsage(AttributeTargets.Class)] public sealed class ApiControllerAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Method)] public sealed class HttpPostAttribute : Attribute { public HttpPostAttribute(string template = "") { } }
        }

        namespace Microsoft.AspNetCore.Routing
        {
            public interface IEndpointRouteBuilder { }
        }

        namespace Microsoft.AspNetCore.Builder
        {
            public static class EndpointRouteBuilderExtensions
            {
                public static object MapPost(this Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints, string pattern, Delegate handler) => null!;
            }
        }
        """;

    /// <summary>Adds every stub. The parameters are kept for callers; the SDK types now come from the real assemblies.</summary>
    public static void AddAll(TestSetup setup, bool fullMeai = true, bool semanticKernel = true)
    {
        setup.ExtraSources.Add(LlmLintAttributes);
        setup.ExtraSources.Add(AspNetCore);
    }
}
