// The RSA paths without node:crypto (as in browsers): the engine's own RSA
// (ring in WebAssembly) gives the published signatures and verdicts too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRIVATE, PUBLIC, vector } from './vectors.mjs';

process.env.QRIS_JS_WASM_RSA = '1';
const { snap, PrivateKey, PublicKey, InvalidSignature, InvalidTimestamp, QrisError } = await import('../pkg/index.js');

test('RSA in WebAssembly: published B2B and notification signatures, forgeries refused', () => {
  const key = PrivateKey.fromPem(PRIVATE);
  const pub = PublicKey.fromPem(PUBLIC);
  assert.equal(key._node, null);
  assert.equal(pub._node, null);
  const b2b = vector('midtrans_docs_b2b_access_token');
  assert.equal(snap.signB2b({ key, clientId: b2b.client_id, timestamp: b2b.timestamp }), b2b.expected);
  snap.verifyB2b({ publicKey: pub, clientId: b2b.client_id, timestamp: b2b.timestamp, signature: b2b.expected, now: 1690762200 });
  const n = vector('midtrans_demo_notification_generation');
  const req = { method: 'POST', path: '/v1.0/debit/notify', body: n.minified_body, timestamp: '2024-03-05T10:37:16.196Z' };
  assert.equal(snap.signRsa({ key, ...req }), n.expected);
  const hex = snap.signRsa({ key, ...req, encoding: 'hex' });
  assert.equal(Buffer.from(hex, 'hex').toString('base64'), n.expected);
  snap.verifyRsa({ publicKey: pub, ...req, signature: hex, now: 1709635036 });
  assert.throws(() => snap.verifyRsa({ publicKey: pub, ...req, path: '/x', signature: n.expected, now: 1709635036 }), InvalidSignature);
  assert.throws(() => snap.verifyRsa({ publicKey: pub, ...req, signature: n.expected, now: 1709635036 + 3600 }), InvalidTimestamp);
  assert.throws(() => snap.signRsa({ key, ...req, encoding: 'base32' }), QrisError);
  // A SNAP notification verified by the engine's own RSA.
  const nv = vector('midtrans_demo_notification_verification');
  const ts = nv.string_to_sign.split(':').slice(3).join(':');
  const note = { publicKey: pub, path: '/v1.0/debit/notify', body: nv.minified_body, timestamp: ts, signature: nv.expected, now: 1714635788 };
  assert.equal(snap.verifyNotification(note).deliver, true);
  assert.throws(() => snap.verifyNotification({ ...note, path: '/v1.0/qr/qr-mpm-notify' }), InvalidSignature);
});
