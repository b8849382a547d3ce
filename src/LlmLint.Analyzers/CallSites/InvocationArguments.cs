namespace LlmLint.Analyzers.CallSites
{
    /// <summary>Finds the arguments of an invocation or object creation by ordinal, parameter name or parameter type.</summary>
    internal static class InvocationArguments
    {
        /// <summary>The location of the invoked method's name (where diagnostics on the call are reported).</summary>
        public static Location NameLocation(IInvocationOperation inv)
        {
            if (inv.Syntax is InvocationExpressionSyntax ies)
            {
                switch (ies.Expression)
                {
                    case MemberAccessExpressionSyntax ma:
                        return ma.Name.GetLocation();
                    case MemberBindingExpressionSyntax mb:
                        return mb.Name.GetLocation();
                    case SimpleNameSyntax sn:
                        return sn.GetLocation();
                }
            }

            return inv.Syntax.GetLocation();
        }

        /// <summary>The argument bound to the parameter at <paramref name="ordinal"/>, or null.</summary>
        public static IOperation? ArgByOrdinal(IInvocationOperation inv, int ordinal)
        {
            foreach (IArgumentOperation a in inv.Arguments)
            {
                if (a.Parameter?.Ordinal == ordinal)
                {
                    return a.Value;
                }
            }

            return null;
        }

        /// <summary>The argument explicitly given for parameter <paramref name="name"/> (not a default value), or null.</summary>
        public static IOperation? ArgByName(IInvocationOperation inv, string name)
        {
            foreach (IArgumentOperation a in inv.Arguments)
            {
                if (a.Parameter?.Name == name && a.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    return a.Value;
                }
            }

            return null;
        }

        /// <summary>The first explicitly given argument whose parameter is (or derives from) <paramref name="type"/>, or null.</summary>
        public static IOperation? ArgOfType(IInvocationOperation inv, INamedTypeSymbol? type)
        {
            if (type == null)
            {
                return null;
            }

            foreach (IArgumentOperation a in inv.Arguments)
            {
                if (a.Parameter != null && KnownTypes.IsOrInherits(a.Parameter.Type, type) && a.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    return a.Value;
                }
            }

            return null;
        }

        /// <summary>The constructor argument bound to parameter <paramref name="name"/>, or null.</summary>
        public static IOperation? ArgByName(IObjectCreationOperation oc, string name)
        {
            foreach (IArgumentOperation a in oc.Arguments)
            {
                if (a.Parameter?.Name == name)
                {
                    return a.Value;
                }
            }

            return null;
        }
    }
}
