// The npm package against its JavaScript peers and node:crypto, side by side in
// one Node run, each answer checked equal first. Prints JSON (and Markdown with
// --markdown FILE). Run by `make bench-js` from target/js-bench after `npm
// install` of the pinned peers:
//
//   node bench.mjs PKG_DIR REPO_ROOT [--markdown OUT]
//
// Per-call times: the median of 7 timed loops of ~0.1 s each, after warm-up.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash, createHmac, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { parse as ppParse } from 'promptparse';
import { parsePix } from 'pix-utils';
import StaticQRIS from 'qris-dynamic-generator';

const [pkgDir, rootDir] = process.argv.slice(2);
const qris = await import(`${pkgDir}/index.js`);
const read = (p) => readFileSync(`${rootDir}/${p}`, 'utf8');

function perCall(fn, targetNs = 100_000_000n, repeats = 7) {
  // Warm-up: 20,000 calls or 0.3 s, whichever comes first (the JIT settles).
  const until = process.hrtime.bigint() + 300_000_000n;
  for (let i = 0; i < 20_000 && process.hrtime.bigint() < until; i++) fn();
  let loops = 1;
  for (;;) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < loops; i++) fn();
    const dt = process.hrtime.bigint() - t;
    if (dt > targetNs / 4n) { loops = Math.max(1, Math.floor((loops * Number(targetNs)) / Number(dt))); break; }
    loops *= 4;
  }
  const samples = [];
  for (let r = 0; r < repeats; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < loops; i++) fn();
    samples.push(Number(process.hrtime.bigint() - t) / loops);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const same = (a, b, what) => {
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`answers differ (${what}): ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
};

const rows = [];
const row = (group, name, ns, extra = {}) => rows.push({ group, name, ns, ...extra });

// --- Payloads: parse + CRC (and a field), on published payloads.
const conversion = read('tests/vectors/qris-conversion.tsv').split('\n')[1].split('\t');
const payloads = {
  'gopay-static': conversion[1],
  seed000: JSON.parse(read('tests/fixtures/seed000-charge-response.json')).qr_string,
};
for (const [label, p] of Object.entries(payloads)) {
  const ours = qris.parse(p).merchantName;
  same(ours, ppParse(p, true, true).getTagValue('59'), `promptparse merchant name, ${label}`);
  same(ours, parsePix(p).merchantName, `pix-utils merchant name, ${label}`);
  const bad = p.slice(0, -1) + (p.endsWith('0') ? '1' : '0');
  if (qris.isValid(bad) || ppParse(bad, true, true) !== null || !parsePix(bad).error) throw new Error('a peer accepts a wrong CRC');
  let sink = 0;
  row('parse + CRC + merchant name', `qris (wasm) / ${label}`, perCall(() => { sink += qris.parse(p).merchantName.length; }));
  row('parse + CRC + merchant name', `promptparse 1.6.0 / ${label}`, perCall(() => { sink += ppParse(p, true, true).getTagValue('59').length; }));
  row('parse + CRC + merchant name', `pix-utils 2.8.2 / ${label}`, perCall(() => { sink += parsePix(p).merchantName.length; }));
  row('parse + CRC (valid?)', `qris isValid / ${label}`, perCall(() => { sink += qris.isValid(p) ? 1 : 0; }));
  row('parse + CRC (valid?)', `qris parse / ${label}`, perCall(() => { sink += qris.parse(p).text.length; }));
  if (sink === 42) console.error(sink);
}

// --- Static -> dynamic.
{
  const s = payloads['gopay-static'];
  const peer = new StaticQRIS(s).generate(17000);
  const ours = qris.toDynamic(s, '17000');
  const agree = ours === peer;
  // The peer does string surgery: where it agrees, the outputs are identical; report either way.
  row('static -> dynamic (17000)', 'qris toDynamic', perCall(() => qris.toDynamic(s, '17000')), { agree });
  row('static -> dynamic (17000)', 'qris-dynamic-generator 1.1.5', perCall(() => new StaticQRIS(s).generate(17000)), { agree });
}

// --- Minify and body hash vs the JSON round trip.
const bodies = {
  'charge request': read('tests/fixtures/seed000-charge-request.json'),
  'qr-mpm-generate': read('tests/fixtures/seed001-qr-mpm-generate-request.json'),
};
const enc = new TextEncoder();
for (const [label, body] of Object.entries(bodies)) {
  const roundTrip = JSON.stringify(JSON.parse(body));
  const ours = new TextDecoder().decode(qris.minify(body));
  // Lexical minify keeps numbers and escapes as written; the round trip may not.
  const agree = ours === roundTrip;
  const bytes = enc.encode(body);
  row(`minify / ${label} (${body.length} B)`, 'qris minify (string in)', perCall(() => qris.minify(body)), { agree, bytes: body.length });
  row(`minify / ${label} (${body.length} B)`, 'qris minify (bytes in)', perCall(() => qris.minify(bytes)), { bytes: body.length });
  row(`minify / ${label} (${body.length} B)`, 'JSON.stringify(JSON.parse())', perCall(() => JSON.stringify(JSON.parse(body))), { bytes: body.length });
  const hash = createHash('sha256').update(ours).digest('hex');
  same(qris.bodyHash(body), hash, `body hash, ${label}`);
  row(`body hash / ${label}`, 'qris bodyHash', perCall(() => qris.bodyHash(body)));
  row(`body hash / ${label}`, 'node:crypto sha256(JSON round trip)', perCall(() => createHash('sha256').update(JSON.stringify(JSON.parse(body))).digest('hex')));
}

// --- Signatures vs node:crypto doing the same work in JS.
const SNAP = JSON.parse(read('tests/vectors/snap-public.json'));
const v = SNAP.snap.find((x) => x.name === 'midtrans_demo_symmetric_qris');
const req = { method: 'POST', path: '/v1.0/qr/qr-mpm-generate', token: 'myaccesstoken', body: v.minified_body, timestamp: '2024-03-05T10:37:16.196Z' };
function nodeHmac(secret, r) {
  const hash = createHash('sha256').update(JSON.stringify(JSON.parse(r.body))).digest('hex');
  return createHmac('sha512', secret).update(`${r.method}:${r.path}:${r.token}:${hash}:${r.timestamp}`).digest('base64');
}
same(qris.snap.signHmac({ secret: v.client_secret, ...req }), nodeHmac(v.client_secret, req), 'HMAC signature');
const signer = new qris.HmacSigner(v.client_secret);
row('HMAC-SHA512 request signature', 'qris HmacSigner.sign (reused key)', perCall(() => signer.sign(req)));
row('HMAC-SHA512 request signature', 'qris snap.signHmac (key per call)', perCall(() => qris.snap.signHmac({ secret: v.client_secret, ...req })));
row('HMAC-SHA512 request signature', 'node:crypto createHmac + minify + sha256', perCall(() => nodeHmac(v.client_secret, req)));

const pem = read('tests/vectors/midtrans-doc-private-pkcs8.pem');
const pubPem = read('tests/vectors/midtrans-doc-public-spki.pem');
const key = qris.PrivateKey.fromPem(pem);
const pub = qris.PublicKey.fromPem(pubPem);
const nodeKey = createPrivateKey(pem);
const nodePub = createPublicKey(pubPem);
const n = SNAP.snap.find((x) => x.name === 'midtrans_demo_notification_generation');
const rsaReq = { method: 'POST', path: '/v1.0/debit/notify', body: n.minified_body, timestamp: '2024-03-05T10:37:16.196Z' };
const stringToSign = (r) => `${r.method}:${r.path}:${createHash('sha256').update(JSON.stringify(JSON.parse(r.body))).digest('hex')}:${r.timestamp}`;
const nodeSig = sign('sha256', Buffer.from(stringToSign(rsaReq)), nodeKey).toString('base64');
same(qris.snap.signRsa({ key, ...rsaReq }), nodeSig, 'RSA signature');
row('SHA256withRSA-2048 sign', 'qris snap.signRsa', perCall(() => qris.snap.signRsa({ key, ...rsaReq }), 300_000_000n, 5));
row('SHA256withRSA-2048 sign', 'node:crypto sign (OpenSSL)', perCall(() => sign('sha256', Buffer.from(stringToSign(rsaReq)), nodeKey), 300_000_000n, 5));
const now = 1709635036;
row('SHA256withRSA-2048 verify', 'qris snap.verifyRsa', perCall(() => qris.snap.verifyRsa({ publicKey: pub, ...rsaReq, signature: nodeSig, now })));
row('SHA256withRSA-2048 verify', 'node:crypto verify (OpenSSL)', perCall(() => verify('sha256', Buffer.from(stringToSign(rsaReq)), nodePub, Buffer.from(nodeSig, 'base64'))));

const out = { node: process.version, rows };
console.log(JSON.stringify(out, null, 1));
const mdIndex = process.argv.indexOf('--markdown');
if (mdIndex > 0) {
  const lines = ['| benchmark | implementation | per call |', '|---|---|---|'];
  const fmt = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} us` : `${ns.toFixed(0)} ns`);
  for (const r of rows) lines.push(`| ${r.group} | ${r.name}${r.agree === false ? ' (output differs, see note)' : ''} | ${fmt(r.ns)} |`);
  writeFileSync(process.argv[mdIndex + 1], `${lines.join('\n')}\n`);
}
