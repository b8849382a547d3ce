using System;
using System.IO;
using System.Text.RegularExpressions;
using LlmLint.Cli.Output;
using LlmLint.Cli.Scanning;
using LlmLint.Cli.Tests.Infrastructure;

namespace LlmLint.Cli.Tests;

/// <summary>
/// report.html readable on a laptop and a desktop screen: rendered in headless Chromium at 1,280 and 1,920 px, no element
/// is wider than the viewport or cut by its box (tables, the Location column, the charts and their labels), checked in
/// the page with getBoundingClientRect and scrollWidth. The screenshots are kept under the temp folder for review.
/// </summary>
public sealed class HtmlLayoutTests
{
    /// <summary>
    /// Appended after the report's own scripts: lists every element that sticks out of the viewport, every element
    /// whose content is clipped (scrollWidth over clientWidth where overflow hides it), and every chart label outside
    /// its chart, into body[data-overflow].
    /// </summary>
    private const string OverflowProbe = """
        <script>
        (function () {
          var width = document.documentElement.clientWidth, problems = [];
          function name(e) { return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && e.className.baseVal === undefined && e.className ? "." + e.className : "") + " '" + (e.textContent || "").trim().slice(0, 40) + "'"; }
          document.querySelectorAll("body *").forEach(function (e) {
            if (e.tagName === "SCRIPT") { return; }
            var r = e.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) { return; }
            if (r.right > width + 0.5 || r.left < -0.5) { problems.push("outside the viewport (" + Math.round(r.left) + ".." + Math.round(r.right) + " of " + width + "): " + name(e)); }
            var style = getComputedStyle(e);
            if (e.scrollWidth > e.clientWidth + 1 && style.overflowX !== "visible" && e.clientWidth > 0 && !(e instanceof SVGElement)) { problems.push("clipped (" + e.scrollWidth + " > " + e.clientWidth + "): " + name(e)); }
          });
          document.querySelectorAll(".chart svg").forEach(function (svg) {
            var box = svg.getBoundingClientRect();
            svg.querySelectorAll("text, rect").forEach(function (t) {
              var r = t.getBoundingClientRect();
              if (r.left < box.left - 0.5 || r.right > box.right + 0.5) { problems.push("cut chart label: " + name(t)); }
            });
          });
          document.body.setAttribute("data-overflow", problems.length ? problems.join(" | ") : "none");
        })();
        </script>
        """;

    private static Model.Report Wide()
    {
        var log = new SarifLog();
        string[] models = { "gpt-4o", "gpt-4o-mini", "claude-sonnet-4-6", "gemini-2.5-flash", "gpt-4.1-nano" };
        for (int i = 0; i < 14; i++)
        {
            string method = $"Contoso.CustomerSupport.Backoffice.Integrations.TicketTriagePipelineStage{i}.ClassifyIncomingSupportTicketAsync";
            string file = $"/src/Contoso.CustomerSupport.Backoffice/Integrations/Pipelines/Stages/VeryLongFolderName{i}/TicketTriagePipelineStage{i}.cs";
            log.CallSite(method, models[i % models.Length], 0.0000655m * (i + 1), callsPerDay: 1000 * (i + 1), file: file, line: 100 + i, sdk: i % 2 == 0 ? "OpenAI" : "MicrosoftExtensionsAI");
            log.Add(i % 3 == 0 ? "LLM2001" : i % 3 == 1 ? "LLM2003" : "LLM2004", "warning",
                $"A long message about {method} that explains what to change and how much it saves at the stated volume", file, 100 + i, 9,
                i % 3 == 0 ? new() { ["SuggestedModelId"] = "gpt-4o-mini", ["SavingPer1000Calls"] = "0.75" } : null);
        }

        log.CallSite("Contoso.Tiny.Ping", "gpt-4.1-nano", 0.00000001m, file: "/src/Tiny.cs", line: 5); // $0.0003/month
        return ReportBuilder.Build(SarifReader.Read(log.ToJson(), "x"), "/src/Contoso.CustomerSupport.Backoffice/Contoso.CustomerSupport.Backoffice.sln");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(1920)]
    public void Report_fits_the_viewport_without_clipped_charts_columns_or_labels(int width)
    {
        string html = HtmlReport.Render(Wide());
        using var dir = new TempDir();
        string probe = dir.File("probe.html", html.Replace("</body>", OverflowProbe + "</body>", StringComparison.Ordinal));

        var (dom, log) = Chromium.DumpDom(probe, width, 1000);

        string body = Regex.Match(dom, "<body[^>]*>").Value;
        Assert.True(body.Contains("data-chart-ready=\"true\""), "the chart script did not finish: " + body + "\n" + log);
        Assert.Contains("data-overflow=\"none\"", body);
        Assert.Contains(">$0.0003</text>", dom); // the charts print money by the tables' rule
        Assert.Contains(">$385.14</text>", dom);

        string shots = Path.Combine(Path.GetTempPath(), "llmlint-report-screenshots");
        Directory.CreateDirectory(shots);
        string png = Path.Combine(shots, $"report-{width}.png");
        File.Delete(png);
        string report = Path.Combine(shots, "report.html");
        File.WriteAllText(report, html);
        string shotLog = Chromium.Screenshot(report, png, width, 2400);
        Assert.True(File.Exists(png) && new FileInfo(png).Length > 10_000, "no screenshot: " + shotLog);
    }
}
