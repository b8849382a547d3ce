using System;
using Microsoft.CodeAnalysis;

namespace LlmLint.Analyzers.Tests;

public class RoslynFloorTests
{
    [Fact]
    public void TheRuleTestsOfThisLegRunOnRoslyn48()
    {
        Assert.Equal(new Version(4, 8, 0, 0), typeof(Compilation).Assembly.GetName().Version);
        Assert.Equal(new Version(4, 8, 0, 0), typeof(Workspace).Assembly.GetName().Version);
    }
}
