namespace LlmLint.Analyzers.CallSites
{
    /// <summary>Where an LLM call sits: the method that contains it, loops around it and request-handling entry points.</summary>
    internal static class HotPathDetection
    {
        /// <summary>The method (not lambda, not local function) whose body contains the call.</summary>
        public static IMethodSymbol? ContainingUserMethod(IOperation op)
        {
            SemanticModel? model = op.SemanticModel;
            ISymbol? s = model?.GetEnclosingSymbol(op.Syntax.SpanStart);
            while (s is IMethodSymbol m && (m.MethodKind == MethodKind.AnonymousFunction || m.MethodKind == MethodKind.LocalFunction))
            {
                s = m.ContainingSymbol;
            }

            return s as IMethodSymbol;
        }

        /// <summary>Whether the call is in a loop or on a request path, with the wording the diagnostics use.</summary>
        public static HotPathInfo HotPath(IInvocationOperation invocation, IMethodSymbol? method, KnownTypes t)
        {
            string? loop = LoopAround(invocation, t, out _);
            bool inLoop = loop != null;
            bool request = false, endpoint = false;
            string? requestWhy = null;
            for (IOperation? p = invocation.Parent; p != null && !request; p = p.Parent)
            {
                if (p is IAnonymousFunctionOperation && LambdaHost(p) is IInvocationOperation host)
                {
                    IMethodSymbol hm = host.TargetMethod;
                    if (hm.Name.StartsWith("Map", StringComparison.Ordinal) && IsEndpointRouteBuilderExtension(hm, t))
                    {
                        request = endpoint = true;
                        requestWhy = "in the minimal API handler '" + hm.Name + "'";
                    }
                }
            }

            if (!request && method != null)
            {
                INamedTypeSymbol? type = method.ContainingType;
                if (type != null && method.DeclaredAccessibility == Accessibility.Public && (KnownTypes.IsOrInherits(type, t.ControllerBase) || HasAttribute(type, t.ApiControllerAttribute) || type.Name.EndsWith("Controller", StringComparison.Ordinal) && t.ControllerBase != null))
                {
                    request = endpoint = true;
                    requestWhy = "in the controller action '" + type.Name + "." + method.Name + "'";
                }
                else if (type != null && method.DeclaredAccessibility == Accessibility.Public && type.DeclaredAccessibility == Accessibility.Public
                    && !method.IsStatic && (method.IsAsync || IsTaskLike(method.ReturnType, t)) && method.MethodKind == MethodKind.Ordinary)
                {
                    request = true;
                    requestWhy = "in the public async method '" + type.Name + "." + method.Name + "'";
                }
            }

            return new HotPathInfo(inLoop, loop, request, requestWhy, endpoint);
        }

        /// <summary>
        /// The innermost loop over items around <paramref name="op"/>: a for/foreach/while/do loop, or a lambda passed to
        /// <c>Parallel.*</c>, <c>Enumerable.Select</c>/<c>SelectMany</c> or a <c>ForEach</c> method; null when there is none.
        /// The wording names the collection when it is visible ("in a foreach loop over 'tickets'").
        /// </summary>
        public static string? LoopAround(IOperation op, KnownTypes t, out IOperation? loop)
        {
            for (IOperation? p = op.Parent; p != null; p = p.Parent)
            {
                if (p is ILoopOperation l)
                {
                    loop = l;
                    string kind = l.LoopKind == LoopKind.ForEach ? "foreach" : l.LoopKind == LoopKind.For ? "for" : "while";
                    return l is IForEachLoopOperation fe ? "in a " + kind + " loop over " + Quote(fe.Collection) : "in a " + kind + " loop";
                }

                if (p is IAnonymousFunctionOperation && PerItemHost(p, t, out string? description) is IInvocationOperation host)
                {
                    loop = host;
                    return description;
                }
            }

            loop = null;
            return null;
        }

        /// <summary>
        /// The call that runs a delegate once per item (<c>Parallel.*</c>, <c>Enumerable.Select</c>/<c>SelectMany</c>, a
        /// <c>ForEach</c> method) when <paramref name="function"/> (a lambda or a method group) is passed to one; else null.
        /// </summary>
        public static IInvocationOperation? PerItemHost(IOperation function, KnownTypes t, out string? description)
        {
            description = null;
            if (LambdaHost(function) is not IInvocationOperation host)
            {
                return null;
            }

            IMethodSymbol hm = host.TargetMethod;
            if (!(KnownTypes.Is(hm.ContainingType, t.Parallel) || (KnownTypes.Is(hm.ContainingType, t.Enumerable) && (hm.Name == "Select" || hm.Name == "SelectMany")) || hm.Name == "ForEach"))
            {
                return null;
            }

            IOperation? source = host.Instance ?? (host.Arguments.Length > 1 ? host.Arguments[0].Value : null);
            string over = source?.Type != null && source.Type.SpecialType == SpecialType.None && !(source is IAnonymousFunctionOperation) ? " over " + Quote(source) : string.Empty;
            description = (function is IAnonymousFunctionOperation ? "in a lambda passed to '" : "passed to '") + hm.ContainingType.Name + "." + hm.Name + "'" + over;
            return host;
        }

        /// <summary>The source text of <paramref name="op"/> in quotes, shortened to 40 characters.</summary>
        private static string Quote(IOperation op)
        {
            IOperation shown = op is IConversionOperation c && c.IsImplicit ? c.Operand : op;
            string text = shown.Syntax.ToString();
            return "'" + (text.Length > 40 ? text.Substring(0, 37) + "..." : text) + "'";
        }

        /// <summary>
        /// The operation that receives a lambda or method group (an argument, an event subscription), past the delegate
        /// creation and conversions around it.
        /// </summary>
        public static IOperation? DelegateConsumer(IOperation function)
        {
            IOperation? p = function.Parent;
            while (p is IDelegateCreationOperation || p is IConversionOperation)
            {
                p = p.Parent;
            }

            return p;
        }

        /// <summary>The invocation a lambda is passed to as an argument (through delegate creation and conversions).</summary>
        public static IInvocationOperation? LambdaHost(IOperation lambda) =>
            DelegateConsumer(lambda) is IArgumentOperation a ? a.Parent as IInvocationOperation : null;

        private static bool IsEndpointRouteBuilderExtension(IMethodSymbol m, KnownTypes t)
        {
            if (t.EndpointRouteBuilder != null && m.Parameters.Length > 0 && KnownTypes.IsOrInherits(m.Parameters[0].Type, t.EndpointRouteBuilder))
            {
                return true;
            }

            return m.ContainingType?.Name.EndsWith("EndpointRouteBuilderExtensions", StringComparison.Ordinal) == true;
        }

        private static bool HasAttribute(ISymbol s, INamedTypeSymbol? attribute)
        {
            if (attribute == null)
            {
                return false;
            }

            foreach (AttributeData a in s.GetAttributes())
            {
                if (KnownTypes.IsOrInherits(a.AttributeClass, attribute))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsTaskLike(ITypeSymbol type, KnownTypes t) =>
            KnownTypes.IsOrInherits(type, t.Task) || KnownTypes.Is(type, t.ValueTask) || (type is INamedTypeSymbol nt && nt.Name == "ValueTask" && nt.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks");
    }
}
