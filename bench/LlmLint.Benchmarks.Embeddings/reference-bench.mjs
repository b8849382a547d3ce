// The reference USE-lite implementation (@energetic-ai/embeddings 0.2.0 on @energetic-ai/core 0.2.0, TF.js wasm
// backend), timed on the same queries as Program.cs. Called by Program.cs; prints one JSON line.
// Usage: node reference-bench.mjs <model dir> <banking77 test.csv> <sentences> <latency runs>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const core = require("@energetic-ai/core");
const { initModel } = require("@energetic-ai/embeddings");

const [modelDir, csvPath, sentencesArg, runsArg] = process.argv.slice(2);
const sentences = Number(sentencesArg ?? 1024);
const latencyRuns = Number(runsArg ?? 300);

function firstField(line) {
  if (!line.startsWith('"')) return line.slice(0, line.lastIndexOf(","));
  let out = "";
  for (let i = 1; i < line.length; i++) {
    if (line[i] === '"') {
      if (line[i + 1] === '"') { out += '"'; i++; continue; }
      break;
    }
    out += line[i];
  }
  return out;
}

const texts = readFileSync(csvPath, "utf8").split("\n").slice(1).filter((l) => l.length > 0).slice(0, sentences).map(firstField);

const localSource = async () => {
  const [model, vocabulary] = await Promise.all([
    core.loadGraphModel(`file://${modelDir}/model.json`),
    Promise.resolve(JSON.parse(readFileSync(`${modelDir}/vocab.json`, "utf8"))),
  ]);
  return { model, vocabulary };
};

const t0 = performance.now();
const model = await initModel(localSource);
const loadMs = performance.now() - t0;
if (global.gc) global.gc();
const rssMb = process.memoryUsage().rss / (1024 * 1024);
const backend = core.getBackend ? core.getBackend() : "unknown";

// Warm-up, as for the C# engine.
for (let i = 0; i < 3; i++) await model.embed(texts.slice(0, 64));
for (let i = 0; i < 20; i++) await model.embed(texts[i % texts.length]);

async function throughput(batch) {
  const start = performance.now();
  let done = 0;
  for (let s = 0; s + batch <= texts.length; s += batch) {
    await model.embed(texts.slice(s, s + batch));
    done += batch;
  }
  return done / ((performance.now() - start) / 1000);
}

function shortQuery(i) {
  let seen = 0;
  for (let k = 0; ; k++) {
    const t = texts[k % texts.length];
    if (t.split(" ").length <= 10 && seen++ === i % 200) return t;
  }
}

const batch32 = await throughput(32);
const batch64 = await throughput(64);
const lat = [];
for (let i = 0; i < latencyRuns; i++) {
  const q = shortQuery(i);
  const s = performance.now();
  await model.embed([q]);
  lat.push(performance.now() - s);
}
lat.sort((a, b) => a - b);
const pct = (q) => lat[Math.min(lat.length - 1, Math.ceil(q * lat.length) - 1)];
console.log(JSON.stringify({ node: process.version, backend, loadMs, rssMb, batch32, batch64, p50: pct(0.5), p99: pct(0.99) }));
