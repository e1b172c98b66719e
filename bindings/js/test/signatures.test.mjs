// SNAP and Midtrans signatures from JavaScript, against the published vectors
// (tests/vectors/snap-public.json) and the peers' (tests/vectors/external);
// node:crypto, an independent implementation, agrees on every byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import {
  minify, bodyHash, snap, midtrans, PrivateKey, PublicKey, HmacSigner, InvalidSignature, InvalidTimestamp,
  JsonError, InvalidKey, QrisError,
} from '../pkg/index.js';
import { SNAP, PRIVATE, PUBLIC, vector, read, tsv } from './vectors.mjs';

const text = (bytes) => new TextDecoder().decode(bytes);

test('minify and body hash: published and peers\' vectors', () => {
  assert.equal(text(minify(SNAP.minify.input)), SNAP.minify.lexical_expected);
  assert.equal(bodyHash(''), SNAP.empty_body_sha256);
  const pairs = JSON.parse(read('tests/vectors/external/snap-minify.json')).pairs;
  assert.ok(pairs.length >= 9);
  for (const p of pairs) {
    assert.equal(text(minify(p.input)), p.expected_minified, p.name);
    if (p.sha256_lower_hex_of_expected) assert.equal(bodyHash(p.input), p.sha256_lower_hex_of_expected, p.name);
    assert.equal(bodyHash(p.input), createHash('sha256').update(p.expected_minified).digest('hex'), p.name);
  }
  assert.throws(() => minify('{bad'), (e) => e instanceof JsonError && e.offset === 1);
  assert.throws(() => minify(5), TypeError);
});

test('HMAC request signature: published vector, hex form, window, forgeries', () => {
  const v = vector('midtrans_demo_symmetric_qris');
  const req = { method: 'POST', path: '/v1.0/qr/qr-mpm-generate', token: 'myaccesstoken', body: v.minified_body,
    timestamp: '2024-03-05T10:37:16.196Z' };
  const sig = snap.signHmac({ secret: v.client_secret, ...req });
  assert.equal(sig, v.expected);
  // node:crypto over the documented string to sign gives the same bytes.
  assert.equal(createHmac('sha512', v.client_secret).update(v.string_to_sign).digest('base64'), sig);
  const hex = snap.signHmac({ secret: v.client_secret, ...req, encoding: 'hex' });
  assert.equal(Buffer.from(hex, 'hex').toString('base64'), sig);
  const sentAt = 1709635036;
  snap.verifyHmac({ secret: v.client_secret, ...req, signature: sig, now: sentAt });
  snap.verifyHmac({ secret: v.client_secret, ...req, signature: hex, now: new Date(sentAt * 1000) });
  assert.throws(() => snap.verifyHmac({ secret: v.client_secret, ...req, timestamp: '2024-03-05T10:37:17.196Z', signature: sig, now: sentAt }), InvalidSignature);
  assert.throws(() => snap.verifyHmac({ secret: v.client_secret, ...req, signature: sig, now: sentAt + 301 }), InvalidTimestamp);
  snap.verifyHmac({ secret: v.client_secret, ...req, signature: sig, now: sentAt + 301, window: 400 });
  // Without `now`: the clock says the 2024 request is stale.
  assert.throws(() => snap.verifyHmac({ secret: v.client_secret, ...req, signature: sig }), InvalidTimestamp);
  assert.throws(() => snap.signHmac({ secret: '  ', ...req }), QrisError);
  assert.throws(() => snap.signHmac({ secret: v.client_secret, ...req, encoding: 'base32' }), QrisError);
  // A reusable signer.
  const s = new HmacSigner(v.client_secret);
  assert.equal(s.sign(req), sig);
  s.free();
});

test('RSA: B2B access token and notification signatures, keys', () => {
  const key = PrivateKey.fromPem(PRIVATE);
  assert.equal(key.bits, 2048);
  // In Node, node:crypto runs the RSA primitive (rsa-wasm.test.mjs covers the engine's own).
  assert.ok(key._node !== null);
  assert.ok(String(key).includes('REDACTED'));
  const pub = PublicKey.fromPem(PUBLIC);
  const b2b = vector('midtrans_docs_b2b_access_token');
  assert.equal(snap.signB2b({ key, clientId: b2b.client_id, timestamp: b2b.timestamp }), b2b.expected);
  const at = 1690762200;
  snap.verifyB2b({ publicKey: pub, clientId: b2b.client_id, timestamp: b2b.timestamp, signature: b2b.expected, now: at });
  assert.throws(() => snap.verifyB2b({ publicKey: pub, clientId: b2b.client_id + 'x', timestamp: b2b.timestamp, signature: b2b.expected, now: at }), InvalidSignature);
  const n = vector('midtrans_demo_notification_generation');
  const ts = '2024-03-05T10:37:16.196Z';
  assert.equal(n.string_to_sign, `POST:/v1.0/debit/notify:${n.body_sha256_lower_hex}:${ts}`);
  const sig = snap.signRsa({ key, method: 'POST', path: '/v1.0/debit/notify', body: n.minified_body, timestamp: ts });
  assert.equal(sig, n.expected);
  snap.verifyRsa({ publicKey: pub, method: 'POST', path: '/v1.0/debit/notify', body: n.minified_body, timestamp: ts, signature: sig, now: 1709635036 });
  assert.throws(() => snap.verifyRsa({ publicKey: pub, method: 'POST', path: '/v1.0/qr/notify', body: n.minified_body, timestamp: ts, signature: sig, now: 1709635036 }), InvalidSignature);
  assert.throws(() => PrivateKey.fromPem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'), InvalidKey);
  // Every spelling of the signature the engine accepts, and a malformed one refused by it.
  const nsig = snap.signRsa({ key, method: 'POST', path: '/v1.0/debit/notify', body: n.minified_body, timestamp: ts, encoding: 'hex' });
  assert.equal(Buffer.from(nsig, 'hex').toString('base64'), n.expected);
  snap.verifyRsa({ publicKey: pub, method: 'POST', path: '/v1.0/debit/notify', body: n.minified_body, timestamp: ts, signature: nsig.toUpperCase(), now: 1709635036 });
  assert.throws(() => snap.verifyRsa({ publicKey: pub, method: 'POST', path: '/v1.0/debit/notify', body: n.minified_body, timestamp: ts, signature: 'AAAA', now: 1709635036 }), InvalidSignature);
  assert.throws(() => snap.verifyRsa({ publicKey: pub, method: 'POST', path: '/v1.0/debit/notify', body: '{bad', timestamp: ts, signature: n.expected, now: 1709635036 }), JsonError);
  // Every form of the body verifies the same: ASCII text, bytes (both through
  // the scratch buffer), pretty text, an ArrayBuffer; a changed byte does not.
  const verifyBody = (body) => snap.verifyRsa({ publicKey: pub, method: 'POST', path: '/v1.0/debit/notify', body, timestamp: ts, signature: n.expected, now: 1709635036 });
  const bytes = new TextEncoder().encode(n.minified_body);
  for (const body of [bytes, Buffer.from(bytes), JSON.stringify(JSON.parse(n.minified_body), null, 2), bytes.slice().buffer]) verifyBody(body);
  const changed = bytes.slice();
  changed[changed.indexOf(0x30)] = 0x31; // a '0' in the body becomes '1'
  assert.throws(() => verifyBody(changed), InvalidSignature);
  assert.throws(() => verifyBody(new TextDecoder().decode(changed)), InvalidSignature);
  // Non-ASCII text (the general path) and its bytes: signed and verified alike.
  const text = '{"merchant": "Kopi Kenangan Café", "note": "Rp 15.000 — terima kasih"}';
  const signed = snap.signRsa({ key, method: 'POST', path: '/v1.0/debit/notify', body: text, timestamp: ts });
  for (const body of [text, new TextEncoder().encode(text)]) {
    snap.verifyRsa({ publicKey: pub, method: 'POST', path: '/v1.0/debit/notify', body, timestamp: ts, signature: signed, now: 1709635036 });
  }
  assert.throws(() => snap.verifyRsa({ publicKey: pub, method: 'POST', path: '/v1.0/debit/notify', body: text.replace('Café', 'Cafe'), timestamp: ts, signature: signed, now: 1709635036 }), InvalidSignature);
  // The same key as DER bytes and as Base64 text of the DER.
  const der = Buffer.from(PRIVATE.replace(/-----[^-]+-----|\s+/g, ''), 'base64');
  for (const form of [der, der.toString('base64')]) {
    const k = PrivateKey.fromPem(form);
    assert.ok(k._node !== null);
    assert.equal(snap.signB2b({ key: k, clientId: b2b.client_id, timestamp: b2b.timestamp }), b2b.expected);
    k.free();
  }
  assert.throws(() => PublicKey.fromPem('not a key'), InvalidKey);
  key.free();
  pub.free();
});

test('Midtrans signature_key: published and peers\' vectors; amounts as received', () => {
  for (const v of SNAP.midtrans_signature_key) {
    if (v.name.startsWith('NEGATIVE')) {
      // "789000" is not Midtrans' form ("789000.00"): refused, not hashed.
      assert.throws(() => midtrans.signatureKey({ orderId: v.order_id, statusCode: v.status_code, grossAmount: v.gross_amount, serverKey: v.server_key }),
        (e) => e instanceof QrisError && /gross_amount/.test(e.message));
      continue;
    }
    assert.equal(midtrans.signatureKey({ orderId: v.order_id, statusCode: v.status_code, grossAmount: v.gross_amount, serverKey: v.server_key }), v.signature_key, v.name);
    const got = midtrans.signatureKey({ orderId: v.order_id, statusCode: v.status_code, grossAmount: v.gross_amount, serverKey: v.server_key });
    assert.equal(got, createHash('sha512').update(v.order_id + v.status_code + v.gross_amount + v.server_key).digest('hex'));
    if (v.expected_published) assert.equal(got, v.expected_published, v.name);
  }
  const rows = tsv('tests/vectors/external/midtrans-signature-key.tsv');
  assert.equal(rows.length, 5);
  for (const r of rows) {
    const args = { orderId: r.order_id, statusCode: r.status_code, grossAmount: r.gross_amount, serverKey: r.server_key, signatureKey: r.signature_key };
    // policy: uppercase hex is accepted.
    if (r.expected === 'match' || r.expected === 'policy') midtrans.verifySignatureKey(args);
    else assert.throws(() => midtrans.verifySignatureKey(args), QrisError, r.source);
  }
  assert.throws(() => midtrans.signatureKey({ orderId: '1', statusCode: '200', grossAmount: 100000, serverKey: 'k' }), TypeError);
});

test('X-TIMESTAMP', () => {
  assert.equal(snap.timestamp({ at: 1709635036 }), '2024-03-05T17:37:16+07:00');
  assert.equal(snap.timestamp({ at: 1709635036.196, millis: true, offsetMinutes: 0 }), '2024-03-05T10:37:16.196Z');
  assert.match(snap.timestamp(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
  snap.checkTimestamp(snap.timestamp());
  snap.checkTimestamp('2024-03-05T17:37:16+07:00', { now: 1709635036 });
  assert.throws(() => snap.checkTimestamp('2024-03-05T17:37:16+07:00'), InvalidTimestamp);
  assert.throws(() => snap.checkTimestamp('yesterday'), InvalidTimestamp);
  assert.throws(() => snap.timestamp({ at: -1 }), QrisError);
});
