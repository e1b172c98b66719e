// Node against native: every function gives the same bytes as the qris CLI
// (the Rust build of the same engine) on the same inputs. QRIS_CLI is the
// CLI's path (`make js-test` builds it and sets it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as qris from '../pkg/index.js';
import { tsv, read, SNAP, PRIVATE, vector, DANA } from './vectors.mjs';

const CLI = process.env.QRIS_CLI;
const skip = CLI ? false : 'QRIS_CLI is not set (make js-test sets it)';
const root = new URL('../../../', import.meta.url);
// The CLI's output, whatever its exit code (1 says the input failed, and still prints).
const cli = (args, { input, env } = {}) => {
  const r = spawnSync(CLI, args, { input, env: { ...process.env, ...env }, cwd: root, maxBuffer: 1 << 26 });
  if (r.error) throw r.error;
  if (r.status !== 0 && r.status !== 1) throw new Error(`qris ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
};
const cliText = (args, opts) => cli(args, opts).toString('utf8').replace(/\n$/, '');

test('payloads: CRC, conversions, validation, rendering', { skip }, () => {
  const payloads = tsv('tests/vectors/qris-public.tsv').map((r) => r.payload);
  for (const p of payloads) {
    assert.equal(qris.crc16(p), cliText(['crc', p]));
    const fromCli = JSON.parse(cliText(['validate', '--json', p]).split('\n')[0]);
    assert.deepEqual(qris.validate(p).map((d) => [d.code, d.offset, d.path]), fromCli.issues.map((d) => [d.code, d.offset, d.path]), p);
  }
  for (const amount of ['1', '17000', '250000.50']) {
    assert.equal(qris.toDynamic(DANA, amount), cliText(['dynamic', DANA, '--amount', amount]));
  }
  const dyn = qris.toDynamic(DANA, '17000');
  assert.equal(qris.toStatic(dyn), cliText(['static', dyn]));
  assert.equal(qris.render.svg(DANA), cliText(['render', DANA, '--format', 'svg']));
  const out = join(mkdtempSync(join(tmpdir(), 'qris-js-')), 'code.png');
  cli(['render', DANA, '--format', 'png', '--scale', '3', '-o', out]);
  assert.deepEqual(Buffer.from(qris.render.png(DANA, { scale: 3 })), readFileSync(out));
});

test('signatures: minify, body hash, HMAC, RSA, signature_key, timestamps', { skip }, () => {
  const pairs = JSON.parse(read('tests/vectors/external/snap-minify.json')).pairs;
  for (const p of pairs) {
    assert.deepEqual(Buffer.from(qris.minify(p.input)), cli(['minify', '-'], { input: p.input }));
    assert.equal(qris.bodyHash(p.input), cliText(['minify', '--hash', '-'], { input: p.input }));
  }
  const v = vector('midtrans_demo_symmetric_qris');
  const ts = '2024-03-05T10:37:16.196Z';
  const js = qris.snap.signHmac({ secret: v.client_secret, method: 'POST', path: '/v1.0/qr/qr-mpm-generate', token: 'myaccesstoken', body: v.minified_body, timestamp: ts });
  assert.equal(js, cliText(['sign', 'hmac', '--method', 'POST', '--path', '/v1.0/qr/qr-mpm-generate', '--token', 'myaccesstoken', '--timestamp', ts, '--body', '-'],
    { input: v.minified_body, env: { QRIS_CLIENT_SECRET: v.client_secret } }));
  const n = vector('midtrans_demo_notification_generation');
  const key = qris.PrivateKey.fromPem(PRIVATE);
  const rsa = qris.snap.signRsa({ key, method: 'POST', path: '/v1.0/debit/notify', body: n.minified_body, timestamp: ts });
  assert.equal(rsa, cliText(['sign', 'rsa', '--key', 'tests/vectors/midtrans-doc-private-pkcs8.pem', '--method', 'POST', '--path', '/v1.0/debit/notify', '--timestamp', ts, '--body', '-'],
    { input: n.minified_body }));
  key.free();
  for (const s of SNAP.midtrans_signature_key.filter((x) => !x.name.startsWith('NEGATIVE'))) {
    assert.equal(
      qris.midtrans.signatureKey({ orderId: s.order_id, statusCode: s.status_code, grossAmount: s.gross_amount, serverKey: s.server_key }),
      cliText(['midtrans', 'signature-key', '--order-id', s.order_id, '--status-code', s.status_code, '--gross-amount', s.gross_amount],
        { env: { QRIS_SERVER_KEY: s.server_key } }));
  }
  for (const at of [0, 1709635036, 4102444800]) {
    assert.equal(qris.snap.timestamp({ at }), cliText(['timestamp', '--at', String(at)]));
  }
});

test('scanning: the same codes and verdicts as qris scan', { skip }, () => {
  const png = qris.render.png(DANA, { scale: 4 });
  const file = join(mkdtempSync(join(tmpdir(), 'qris-js-')), 'code.png');
  writeFileSync(file, png);
  const fromCli = JSON.parse(cliText(['scan', '--json', '--expect-nmid', 'ID2019002291555', file]));
  const js = qris.scanSticker(png, { nmid: 'ID2019002291555' });
  assert.deepEqual(js.codes.map((c) => [c.text, c.kind, c.valid, c.corners]), fromCli.codes.map((c) => [c.text, c.kind, c.valid, c.corners]));
  assert.equal(js.verdict, fromCli.sticker.verdict);
  assert.equal(js.message, fromCli.sticker.message);
});
