using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using LlmLint.Cli.Output;
using LlmLint.Cli.Scanning;
using LlmLint.Cli.Tests.Infrastructure;

namespace LlmLint.Cli.Tests;

public sealed class HtmlReportTests
{
    private static Model.Report Sample() => ReportBuilder.Build(SarifReader.Read(new SarifLog()
        .CallSite("Contoso.Support.TicketTriage.ClassifyAsync", "gpt-4o", 0.00325m, callsPerDay: 5000, line: 12, column: 22)
        .CallSite("Contoso.Support.TicketTriage.SummarizeAsync", "gpt-4o-mini", 0.000195m, line: 20)
        .CallSite("Contoso.Support.Mailer.Draft</script><b>", "claude-3-5-haiku", 0.001m, line: 40, sdk: "Anthropic")
        .Add("LLM2001", "warning", "can run on 'gpt-4o-mini' <now>", "/src/App/Triage.cs", 12, 22,
            new() { ["SuggestedModelId"] = "gpt-4o-mini", ["SavingPer1000Calls"] = "3.055" })
        .ToJson(), "x"), "samples");

    [Fact]
    public void Html_IsSelfContained_AndEscapesNames()
    {
        var html = HtmlReport.Render(Sample());
        // No external resource (script, image, stylesheet); links to the rule pages are not resources.
        Assert.DoesNotMatch(new Regex("src\\s*=\\s*\"(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex("<(?!a )[a-z]+[^>]*href\\s*=\\s*\"(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("<link", html);
        Assert.Contains("Draft&lt;/script&gt;&lt;b&gt;", html);
        Assert.Equal(2, Regex.Matches(html, "</script>").Count); // the data block and the drawing script only
        Assert.Contains("1,000 calls/day", html);
        Assert.Contains("Potential saving", html);
    }

    [Fact]
    public void Html_RendersItsChartsInHeadlessChromium_WithoutErrors()
    {
        using var dir = new TempDir();
        var file = dir.File("report.html", HtmlReport.Render(Sample()));
        var (dom, log) = Chromium.DumpDom(file);

        var body = Regex.Match(dom, "<body[^>]*>").Value;
        Assert.True(body.Contains("data-chart-ready=\"true\""), "the chart script did not finish: " + body + "\n" + log);
        Assert.DoesNotContain("data-error", body);
        Assert.DoesNotContain("Uncaught", log);
        // 3 call sites + 3 models + 1 rule with a saving.
        Assert.Contains("data-chart-bars=\"7\"", body);
        Assert.Equal(7, Regex.Matches(dom, "<rect [^>]*class=\"bar\"").Count);
        Assert.Contains("TicketTriage.ClassifyAsync", dom);
    }

    [Fact]
    public void Html_WithNoCallSites_StillRenders()
    {
        using var dir = new TempDir();
        var empty = ReportBuilder.Build(Enumerable.Empty<SarifResult>(), "empty");
        var file = dir.File("report.html", HtmlReport.Render(empty));
        var (dom, log) = Chromium.DumpDom(file);
        var body = Regex.Match(dom, "<body[^>]*>").Value;
        Assert.True(body.Contains("data-chart-ready=\"true\""), body + "\n" + log);
        Assert.Contains("data-chart-bars=\"0\"", body);
        Assert.Contains("No LLM call sites found.", dom);
    }
}
