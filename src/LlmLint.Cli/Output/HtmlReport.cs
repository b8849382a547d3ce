using System.Net;
using System.Text;
using System.Text.Json;
using LlmLint.Cli.Diff;
using LlmLint.Cli.Model;

namespace LlmLint.Cli.Output;

/// <summary>
/// report.html: one self-contained page (no external resources). The tables are rendered here; the charts are drawn
/// as inline SVG by an inline script, which marks <c>body[data-chart-ready="true"]</c> when done or
/// <c>body[data-error]</c> when drawing failed.
/// </summary>
internal static class HtmlReport
{
    public static string Render(Report report)
    {
        var data = new StringBuilder();
        using (var stream = new System.IO.MemoryStream())
        {
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                WriteSeries(w, "byCallSite", report.CallSites.Where(s => s.Priced).OrderByDescending(s => s.MonthlyUsd).Take(15)
                    .Select(s => (s.DisplayName + (s.Ordinal > 0 ? " #" + (s.Ordinal + 1).ToString(CultureInfo.InvariantCulture) : ""), s.MonthlyUsd)));
                WriteSeries(w, "byModel", Aggregates.ByModel(report).Where(a => a.Priced).Select(a => (a.Key, a.MonthlyUsd)));
                WriteSeries(w, "savingsByRule", Aggregates.ByRule(report).Where(a => a.MonthlyUsd > 0).Select(a => (a.Key, a.MonthlyUsd)));
                w.WriteEndObject();
            }

            // Utf8JsonWriter's default encoder escapes <, > and &, so the JSON cannot close the script element.
            data.Append(Encoding.UTF8.GetString(stream.ToArray()));
        }

        var sb = new StringBuilder();
        sb.Append("""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>LLM cost report</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1f2328;background:#fff}
h1{margin-top:0}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;table-layout:auto}th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
td.w,td code{overflow-wrap:anywhere}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}td.n .v{white-space:nowrap}
.basis{display:inline-block;font-size:.75rem;border-radius:4px;padding:0 .3rem;margin-top:.15rem;text-align:left}
.basis.measured{background:#dafbe1;color:#116329}.basis.assumed{background:#fff8c5;color:#7d4e00}.basis.code{background:#ddf4ff;color:#0550ae}
.why{color:#57606a;font-size:.8rem}
.summary{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #d0d7de;border-radius:6px;padding:.75rem 1rem;min-width:12rem}
.card b{display:block;font-size:1.4rem}.muted{color:#57606a;font-size:.9rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));gap:1.5rem}
figure{margin:0;min-width:0}.chart svg{display:block;width:100%;height:auto;max-width:100%}
svg text{font-size:12px;fill:#1f2328}code{background:#f6f8fa;padding:0 .2rem;overflow-wrap:anywhere}
</style>
</head>
<body>
<h1>LLM cost report</h1>
""");
        sb.Append(Inv($"<p class=\"muted\">Target <code>{H(report.Target)}</code> · llmlint {H(report.ToolVersion)} · {report.GeneratedAt:yyyy-MM-dd HH:mm} UTC</p>\n"));
        sb.Append("<div class=\"summary\">");
        sb.Append(Inv($"<div class=\"card\">Estimated spend<b id=\"total\">{H(Money.Usd(report.Totals.MonthlyUsd))}/month</b></div>"));
        sb.Append(Inv($"<div class=\"card\">Call sites<b>{report.Totals.CallSites}</b></div>"));
        sb.Append(Inv($"<div class=\"card\">Not priced<b id=\"unpriced\">{report.Totals.UnpricedCallSites}</b></div>"));
        sb.Append(Inv($"<div class=\"card\">Findings<b>{report.Totals.Findings}</b></div>"));
        sb.Append(Inv($"<div class=\"card\">Potential saving<b>{H(Money.Usd(report.Totals.PotentialMonthlySavingUsd))}/month</b></div>"));
        sb.Append("</div>\n");
        sb.Append("<p class=\"muted\" id=\"figures\">" + H(FigureText.Summary(report)) + " <span class=\"basis measured\">measured</span> recorded traffic, <span class=\"basis code\">code</span> stated in the source, <span class=\"basis assumed\">assumed</span> a default or estimate.</p>\n");
        if (report.Usage is { } usage && (usage.UnmatchedFunctions.Count > 0 || usage.AmbiguousFunctions.Count > 0))
        {
            sb.Append("<p class=\"muted\" id=\"usage-notes\">Usage not applied: " + H(MarkdownReport.UsageNotes(usage)) + "</p>\n");
        }

        sb.Append(Inv($"<p class=\"muted\">Monthly spend = cost per call × calls per day × {report.DaysPerMonth}. Call sites without <code>[CallVolume]</code> or recorded traffic assume the default volume of <b>{report.DefaultCallsPerDay:#,0.##} calls/day</b>. Prices: {H(report.Prices.Description)}{(report.Prices.OverriddenModels.Count > 0 ? " — overridden: " + H(string.Join(", ", report.Prices.OverriddenModels)) : "")}.</p>\n"));

        sb.Append("<h2>Charts</h2>\n<div class=\"charts\">");
        sb.Append("<figure><figcaption>Monthly spend by call site</figcaption><div id=\"chart-callsites\" class=\"chart\"></div></figure>");
        sb.Append("<figure><figcaption>Monthly spend by model</figcaption><div id=\"chart-models\" class=\"chart\"></div></figure>");
        sb.Append("<figure><figcaption>Monthly saving by rule</figcaption><div id=\"chart-rules\" class=\"chart\"></div></figure>");
        sb.Append("</div>\n");
        if (report.Totals.UnpricedCallSites > 0)
        {
            sb.Append("<p class=\"muted\" id=\"unpriced-note\">" + H(UnpricedText.Sentence(report.Totals.UnpricedCallSites)) + " (unknown or unresolved model): they are not in the total or the spend charts, and they are not $0.</p>\n");
        }


        sb.Append("<h2>Spend by call site</h2>\n");
        if (report.CallSites.Count == 0)
        {
            sb.Append("<p>No LLM call sites found.</p>\n");
        }
        else
        {
            sb.Append("<table id=\"callsites\"><thead><tr><th>Call site</th><th>SDK</th><th>Model</th><th>Tier</th><th>Task</th><th>Tokens in/out</th><th>Calls/day</th><th>Cost/call</th><th>Monthly</th><th>Location</th></tr></thead><tbody>\n");
            foreach (var s in report.CallSites.OrderByDescending(s => s.MonthlyUsd))
            {
                sb.Append(Inv($"<tr data-id=\"{H(s.Id)}\"><td class=\"w\"><code>{H(s.Method)}</code>{(s.Ordinal > 0 ? $" #{s.Ordinal + 1}" : "")}</td><td>{H(s.Sdk)}</td><td>{H(MarkdownReport.ModelText(s))}<br>{Basis("model", s.Basis.Model, FigureText.ModelBasis(s))}</td><td>{H(s.Tier)}</td><td>{H(s.TaskKind)}</td><td class=\"n\"><span class=\"v\">{H(FigureText.Tokens(s))}</span><br>{Basis("tokens", s.Basis.Tokens, FigureText.TokensBasis(s))}</td><td class=\"n\"><span class=\"v\">{H(FigureText.Volume(s))}</span><br>{Basis("volume", s.Basis.Volume, FigureText.VolumeBasis(s))}</td><td class=\"n\"><span class=\"v\">{H(MarkdownReport.CostText(s, s.CostPerCallUsd))}</span></td><td class=\"n\"><span class=\"v\">{H(MarkdownReport.CostText(s, s.MonthlyUsd))}</span></td><td class=\"w\">{H(MarkdownReport.Location(s.File, s.Line))}</td></tr>\n"));
            }

            sb.Append("</tbody></table>\n");
        }

        sb.Append("<h2>Spend by model</h2>\n<table id=\"models\"><thead><tr><th>Model</th><th>Call sites</th><th>Monthly</th></tr></thead><tbody>\n");
        foreach (var a in Aggregates.ByModel(report))
        {
            sb.Append(Inv($"<tr><td>{H(a.Key)}</td><td class=\"n\">{a.Count}</td><td class=\"n\">{H(a.Priced ? Money.Usd(a.MonthlyUsd) : UnpricedText.Cell)}</td></tr>\n"));
        }

        sb.Append("</tbody></table>\n");

        sb.Append("<h2>Findings</h2>\n");
        if (report.Findings.Count == 0)
        {
            sb.Append("<p>No findings.</p>\n");
        }
        else
        {
            sb.Append("<table id=\"findings\"><thead><tr><th>Rule</th><th>Level</th><th>Message</th><th>Saving/month</th><th>Location</th></tr></thead><tbody>\n");
            foreach (var f in report.Findings)
            {
                sb.Append(Inv($"<tr><td>{RuleLink(f.RuleId)}</td><td>{H(f.Level)}</td><td class=\"w\">{H(f.Message)}</td><td class=\"n\">{Saving(f.RuleId, f.MonthlySavingUsd is null ? null : SavingText.Of(f))}</td><td class=\"w\">{H(MarkdownReport.Location(f.File, f.Line))}</td></tr>\n"));
            }

            sb.Append("</tbody></table>\n<h2>Savings by rule</h2>\n<table id=\"rules\"><thead><tr><th>Rule</th><th>Findings</th><th>Saving/month</th></tr></thead><tbody>\n");
            foreach (var a in Aggregates.ByRule(report))
            {
                sb.Append(Inv($"<tr><td>{RuleLink(a.Key)}</td><td class=\"n\">{a.Count}</td><td class=\"n\">{Saving(a.Key, a.Priced ? SavingText.OfRule(a) : null)}</td></tr>\n"));
            }

            sb.Append("</tbody></table>\n");
        }

        sb.Append("<script type=\"application/json\" id=\"chart-data\">").Append(data).Append("</script>\n");
        sb.Append("""
<script>
window.addEventListener("error", function (e) {
  document.body.setAttribute("data-error", String(e && e.message || e));
});
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  // The rule of Money.Usd: a cent or more with two decimals, less with three significant digits.
  function usd(v) {
    if (v >= 0.01 || v === 0) {
      return "$" + v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    var decimals = Math.min(12, 2 - Math.floor(Math.log10(v)));
    return "$" + v.toFixed(decimals).replace(/0+$/, "");
  }
  function bars(containerId, series, color) {
    var host = document.getElementById(containerId);
    if (!series.length) { host.textContent = "Nothing to chart."; return 0; }
    var rowH = 22, labelW = 250, chartW = 280, valueW = 90;
    var max = Math.max.apply(null, series.map(function (p) { return p.value; })) || 1;
    var svg = el("svg", { role: "img", preserveAspectRatio: "xMinYMin meet",
      viewBox: "0 0 " + (labelW + chartW + valueW) + " " + (series.length * rowH + 4) });
    series.forEach(function (p, i) {
      var y = i * rowH + 2, w = Math.max(1, Math.round(chartW * p.value / max));
      // Long labels keep their start (the type) and end (the method), cut in the middle.
      var label = p.label.length > 34 ? p.label.slice(0, 15) + "\u2026" + p.label.slice(p.label.length - 18) : p.label;
      svg.appendChild(el("text", { x: labelW - 6, y: y + 15, "text-anchor": "end" }, label));
      var bar = el("rect", { x: labelW, y: y + 3, width: w, height: rowH - 6, fill: color, "class": "bar" });
      bar.appendChild(el("title", {}, p.label + ": " + usd(p.value) + "/month"));
      svg.appendChild(bar);
      svg.appendChild(el("text", { x: labelW + w + 6, y: y + 15 }, usd(p.value)));
    });
    host.appendChild(svg);
    return series.length;
  }
  try {
    var data = JSON.parse(document.getElementById("chart-data").textContent);
    var n = bars("chart-callsites", data.byCallSite, "#0969da")
          + bars("chart-models", data.byModel, "#8250df")
          + bars("chart-rules", data.savingsByRule, "#1a7f37");
    document.body.setAttribute("data-chart-bars", String(n));
    document.body.setAttribute("data-chart-ready", "true");
  } catch (e) {
    document.body.setAttribute("data-error", String(e && e.message || e));
  }
})();
</script>
</body>
</html>
""");
        return sb.ToString();
    }

    private static void WriteSeries(Utf8JsonWriter w, string name, System.Collections.Generic.IEnumerable<(string Label, decimal Value)> points)
    {
        w.WriteStartArray(name);
        foreach (var (label, value) in points)
        {
            w.WriteStartObject();
            w.WriteString("label", label);
            w.WriteNumber("value", value); // unrounded: the chart prints it by the same money rule as the tables
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string Basis(string figure, string basis, string title)
        => "<span class=\"basis " + H(basis) + "\" data-figure=\"" + figure + "\" title=\"" + H(title) + "\">" + H(title) + "</span>";

    private static string RuleLink(string ruleId)
        => RuleLinks.Url(ruleId) is { } url ? "<a href=\"" + H(url) + "\">" + H(ruleId) + "</a>" : H(ruleId);

    private static string Saving(string ruleId, string? saving)
        => saving is not null ? "<span class=\"v\">" + H(saving) + "</span>" : "<span class=\"v\">" + SavingText.None + "</span><br><span class=\"why\">" + H(SavingText.WhyNone(ruleId)) + "</span>";

    private static string H(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
