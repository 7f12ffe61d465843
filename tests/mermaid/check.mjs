// Checks Mermaid diagrams with the real Mermaid, for tests/graph_render.rs.
//
//   node check.mjs TOOLS parse FILE...            Mermaid's parser, under Node
//   node check.mjs TOOLS render CHROMIUM FILE...  a full render in headless Chromium
//
// TOOLS is the folder `scripts/test` installs `mermaid`, `jsdom` and
// `puppeteer-core` into (target/tools). Prints one JSON object per FILE, in a JSON array:
// `ok` and `error` for both modes; a render also gives the boxes of the
// node and edge labels as drawn, the pairs of labels whose boxes overlap,
// the texts of the edge labels and the number of dashed edges.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [tools, mode, ...rest] = process.argv.slice(2);
const require = createRequire(join(tools, 'package.json'));
const watchdog = setTimeout(() => {
  console.error('check.mjs: timed out');
  process.exit(3);
}, 90_000);
watchdog.unref();

async function parse(files) {
  // Mermaid sanitises labels with DOMPurify, which needs a DOM: jsdom's
  // window stands in for the browser's, before Mermaid is loaded.
  const { JSDOM } = await import(pathToFileURL(require.resolve('jsdom')).href);
  const { window } = new JSDOM('');
  globalThis.window = window;
  globalThis.document = window.document;
  const mermaid = (await import(pathToFileURL(require.resolve('mermaid')).href)).default;
  const out = [];
  for (const file of files) {
    try {
      await mermaid.parse(readFileSync(file, 'utf8'));
      out.push({ file, ok: true });
    } catch (e) {
      out.push({ file, ok: false, error: String(e?.message ?? e) });
    }
  }
  return out;
}

async function render(chromium, files) {
  const puppeteer = (await import(pathToFileURL(require.resolve('puppeteer-core')).href)).default;
  const bundle = join(dirname(require.resolve('mermaid')), 'mermaid.min.js');
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const out = [];
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: bundle });
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      out.push({ file, ...(await page.evaluate(measure, text)) });
    }
  } finally {
    await browser.close();
  }
  return out;
}

// Runs in the page: renders `text` and measures what was drawn.
async function measure(text) {
  const root = document.getElementById('out');
  root.innerHTML = '';
  try {
    window.mermaid.initialize({ startOnLoad: false, flowchart: { useMaxWidth: false } });
    const { svg } = await window.mermaid.render('diagram', text);
    root.innerHTML = svg;
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e) };
  }
  const labels = [];
  for (const el of root.querySelectorAll('g.node, g.edgeLabel')) {
    const r = el.getBoundingClientRect();
    const label = el.textContent.trim();
    if (!label || r.width === 0 || r.height === 0) continue;
    labels.push({
      kind: el.classList.contains('node') ? 'node' : 'edge',
      text: label,
      x: r.x, y: r.y, width: r.width, height: r.height,
    });
  }
  const overlaps = [];
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i];
      const b = labels[j];
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) {
        overlaps.push([a.text, b.text]);
      }
    }
  }
  return {
    ok: true,
    labels,
    overlaps,
    edge_labels: labels.filter((l) => l.kind === 'edge').map((l) => l.text).sort(),
    dashed: root.querySelectorAll('path.edge-pattern-dotted, path.edge-pattern-dashed').length,
  };
}

const results = mode === 'render' ? await render(rest[0], rest.slice(1)) : await parse(rest);
console.log(JSON.stringify(results));
