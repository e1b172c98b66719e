// The web page (examples/web) in a real browser: Playwright (playwright-core)
// drives Debian's Chromium headless against a tiny local server. The page's
// dynamic QR code is screenshotted and the screenshot decoded back (by the
// engine in Node) to the dynamic payload the page shows. CHROMIUM is the
// browser's path and PLAYWRIGHT the playwright-core module (make js-test sets both).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, normalize, extname } from 'node:path';
import * as qris from '../pkg/index.js';
import { DANA, tsv } from './vectors.mjs';

const CHROMIUM = process.env.CHROMIUM;
const skip = CHROMIUM && process.env.PLAYWRIGHT ? false : 'CHROMIUM and PLAYWRIGHT are not set (make js-test sets them)';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

function serve() {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(ROOT, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(ROOT) || !(path.startsWith('/examples/web/') || path.startsWith('/bindings/js/pkg/'))) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the cashier page: paste, convert, screenshot decodes back; photo and sticker check', { skip, timeout: 120000 }, async () => {
  const { chromium } = await import(process.env.PLAYWRIGHT);
  const server = await serve();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 1400 } });
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    await page.goto(`http://127.0.0.1:${server.address().port}/examples/web/`);
    await page.waitForSelector('body[data-ready="true"]');

    // Paste a published payload: fields and verdict.
    await page.fill('#payload', DANA);
    await page.waitForSelector('#decoded:not([hidden])');
    assert.equal(await page.textContent('#verdict'), 'A valid QRIS code.');
    assert.equal(await page.textContent('dd[data-field="NMID"]'), 'ID1026564075103');
    assert.equal(await page.textContent('dd[data-field="Merchant"]'), 'BoonTrack');

    // An amount: the dynamic code, and its QR on screen decodes back to it.
    await page.fill('#amount', '25000');
    await page.click('#make-dynamic');
    const dynamic = await page.inputValue('#dynamic');
    assert.equal(dynamic, qris.toDynamic(DANA, '25000'));
    const shot = await page.locator('#dynamic-qr').screenshot();
    assert.deepEqual(qris.scan(shot).map((c) => c.text), [dynamic]);
    // A number-like but invalid amount is refused with the engine's message.
    await page.fill('#amount', '25.000,00');
    await page.click('#make-dynamic');
    assert.match(await page.textContent('#dynamic-error'), /amount/i);

    // A photo of another merchant's sticker: read, then the sticker check says mismatch.
    const other = tsv('tests/vectors/qris-public.tsv').map((r) => r.payload)
      .find((p) => p.includes('ID.CO.QRIS.WWW') && !p.includes('ID1026564075103') && qris.isValid(p));
    await page.setInputFiles('#photo', { name: 'sticker.png', mimeType: 'image/png', buffer: Buffer.from(qris.render.png(other, { scale: 5 })) });
    await page.waitForFunction((want) => document.getElementById('payload').value === want, other);
    await page.fill('#nmid', 'ID1026564075103');
    await page.click('#check-sticker');
    assert.equal(await page.getAttribute('#sticker', 'data-verdict'), 'mismatch');
    assert.match(await page.textContent('#sticker'), /is not the expected ID1026564075103/);
    // The engine in a module worker: parse, convert, scan a photo, and an error crossing back.
    const fromWorker = await page.evaluate(async ({ payload, png }) => {
      const worker = new Worker('worker.js', { type: 'module' });
      await new Promise((resolve, reject) => {
        worker.onmessage = (e) => (e.data.ready ? resolve() : reject(new Error('unexpected first message')));
        worker.onerror = (e) => reject(new Error(`worker failed: ${e.message}`));
      });
      const ask = (msg) => new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); worker.postMessage(msg); });
      const out = [await ask({ payload, amount: '25000' }), await ask({ image: new Uint8Array(png) }), await ask({ payload: 'garbage' })];
      worker.terminate();
      return out;
    }, { payload: DANA, png: Array.from(qris.render.png(DANA, { scale: 3 })) });
    assert.deepEqual(fromWorker[0], { merchantName: 'BoonTrack', nmid: 'ID1026564075103', dynamic: qris.toDynamic(DANA, '25000') });
    assert.deepEqual(fromWorker[1], { codes: [{ text: DANA, kind: 'qris', valid: true }] });
    assert.equal(fromWorker[2].error.name, 'ParseError');
    assert.equal(typeof fromWorker[2].error.code, 'string');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.close();
  }
});
