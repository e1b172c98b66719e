// Notifications, response codes, CPM codes and scanning from JavaScript:
// published vectors, forgeries that must never deliver, images rendered from
// the published payloads read back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  snap, midtrans, cpm, scan, scanSticker, render, PublicKey, QrisError, InvalidSignature, InvalidTimestamp,
  NotificationMismatch, NotificationReplayed, ImageError, ParseError,
} from '../pkg/index.js';
import { PUBLIC, vector, read, tsv, DANA } from './vectors.mjs';

const SERVER_KEY = 'askvnoibnosifnboseofinbofinfgbiufglnbfg';
const note = (orderId, statusCode, amount, status, fraud = 'accept') => JSON.stringify({
  order_id: orderId, status_code: statusCode, gross_amount: amount,
  signature_key: createHash('sha512').update(orderId + statusCode + amount + SERVER_KEY).digest('hex'),
  transaction_status: status, fraud_status: fraud,
});

test('Midtrans notifications: outcomes, forgeries, the merchant\'s record', () => {
  const paid = midtrans.verifyNotification(note('1111', '200', '100000.00', 'settlement'), SERVER_KEY);
  assert.deepEqual([paid.orderId, paid.amount, paid.statusCode, paid.outcome, paid.deliver], ['1111', '100000.00', '200', 'paid', true]);
  assert.equal(midtrans.verifyNotification(note('1111', '201', '100000.00', 'pending'), SERVER_KEY).deliver, false);
  assert.equal(midtrans.verifyNotification(note('1111', '407', '100000.00', 'expire'), SERVER_KEY).outcome, 'expired');
  assert.throws(() => midtrans.verifyNotification(note('1111', '200', '100000.00', 'settlement'), 'wrong-key'), InvalidSignature);
  assert.throws(() => midtrans.verifyNotification('{not json', SERVER_KEY), QrisError);
  // A genuine expire relabelled "settlement" never delivers.
  const relabelled = note('order102', '407', '789000.00', 'expire').replace('"expire"', '"settlement"');
  assert.equal(midtrans.verifyNotification(relabelled, SERVER_KEY).deliver, false);
  const body = note('order102', '200', '789000.00', 'settlement');
  assert.equal(midtrans.verifyNotification(body, SERVER_KEY, { orderId: 'order102', amount: '789000' }).deliver, true);
  assert.equal(midtrans.verifyNotification(body, SERVER_KEY, { orderId: 'order102', amount: 789000n }).deliver, true);
  assert.throws(() => midtrans.verifyNotification(body, SERVER_KEY, { orderId: 'order103', amount: '789000' }), NotificationMismatch);
  assert.throws(() => midtrans.verifyNotification(body, SERVER_KEY, { orderId: 'order102', amount: '789000.01' }), NotificationMismatch);
  assert.throws(() => midtrans.verifyNotification(body, SERVER_KEY, { orderId: 'order102', amount: 789000 }), TypeError);
  assert.throws(() => midtrans.verifyNotification(body.replace('{', '{"transaction_status":"expire",'), SERVER_KEY), /duplicate/);
  // The peers' rows, each as its source expects.
  for (const r of tsv('tests/vectors/external/midtrans-signature-key.tsv')) {
    const b = JSON.stringify({ order_id: r.order_id, status_code: r.status_code, gross_amount: r.gross_amount,
      signature_key: r.signature_key, transaction_status: 'settlement' });
    if (r.expected === 'match' || r.expected === 'policy') assert.equal(midtrans.verifyNotification(b, r.server_key).deliver, true);
    else assert.throws(() => midtrans.verifyNotification(b, r.server_key), QrisError);
  }
});

test('SNAP notification verified and acknowledged', () => {
  const v = vector('midtrans_demo_notification_verification');
  const publicKey = PublicKey.fromPem(PUBLIC);
  const timestamp = v.string_to_sign.split(':').slice(3).join(':');
  assert.equal(timestamp, '2024-05-02T14:43:08+07:00');
  const sentAt = 1714635788;
  const req = { publicKey, path: '/v1.0/debit/notify', body: v.minified_body, timestamp, signature: v.expected };
  const n = snap.verifyNotification({ ...req, now: sentAt });
  assert.deepEqual([n.orderId, n.amount, n.status, n.outcome, n.deliver], ['GP24043015193402809', '102800.00', '00', 'paid', true]);
  assert.equal(n.ackStatus, 200);
  assert.equal(JSON.parse(n.ackBody).responseCode, '2005600');
  let err;
  try { snap.verifyNotification({ ...req, now: sentAt + 3600 }); } catch (e) { err = e; }
  assert.ok(err instanceof InvalidTimestamp);
  const [status, body] = snap.ackForError(err);
  assert.equal(status, 401);
  assert.equal(JSON.parse(body).responseCode, '4015600');
  try { snap.verifyNotification({ ...req, path: '/v1.0/qr/qr-mpm-notify', now: sentAt }); err = undefined; } catch (e) { err = e; }
  assert.ok(err instanceof InvalidSignature);
  assert.equal(JSON.parse(snap.ackForError(err)[1]).responseCode, '4015200');
  assert.throws(() => snap.ackForError(new Error('not ours')), TypeError);
  publicKey.free();
});

test('response codes', () => {
  const rc = snap.ResponseCode.parse('2004700');
  assert.deepEqual([rc.http, rc.service, rc.case, rc.isSuccess, rc.retry], [200, 47, 0, true, 'no']);
  assert.equal(rc.serviceName, 'QRIS MPM generate');
  assert.equal(snap.ResponseCode.parse('2025600').retry, 'check_status');
  assert.equal(snap.ResponseCode.parse('4035414').retry, 'never');
  assert.equal(snap.ResponseCode.parse('200').service, null);
  assert.throws(() => snap.ResponseCode.parse('20054000'), QrisError);
});

test('CPM codes: the EMVCo example, card data masked', () => {
  const v = JSON.parse(read('tests/vectors/cpm-emvco.json')).emvco_spec_example;
  const c = cpm.parse(v.base64);
  assert.equal(c.formatIndicator, 'CPV01');
  assert.deepEqual(c.applications.map((a) => [a.aid, a.label]), v.applications.map((a) => [a.aid, a.label]));
  assert.equal(c.common.panMasked, '************3458');
  assert.ok(!JSON.stringify(c).includes('1234567890123458'));
  assert.deepEqual(cpm.validate(v.base64).map((d) => d.code), ['cpm.pan_luhn']);
  assert.throws(() => cpm.parse('not*base64'), ParseError);
  assert.equal(cpm.validate('not*base64')[0].severity, 'error');
});

test('scan: files and pixels, kinds, the sticker check, bad images', () => {
  const png = render.png(DANA, { scale: 4 });
  const [code] = scan(png);
  assert.deepEqual([code.text, code.kind, code.valid], [DANA, 'qris', true]);
  assert.equal(code.corners.length, 4);
  // Pixels, as a canvas gives them (RGBA), 3 px per module, on a grey border; and gray with a stride.
  const { width, modules } = render.matrix(DANA);
  const k = 3, pad = 20, side = width * k + 2 * pad;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(200);
  const gray = new Uint8Array(side * (side + 5)).fill(200);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const mx = Math.floor((x - pad) / k), my = Math.floor((y - pad) / k);
      if (mx < 0 || my < 0 || mx >= width || my >= width) continue;
      const v = modules[my * width + mx] ? 0 : 255;
      rgba.fill(v, (y * side + x) * 4, (y * side + x) * 4 + 3);
      gray[y * (side + 5) + x] = v;
    }
  }
  assert.deepEqual(scan({ data: rgba, width: side, height: side }).map((c) => c.text), [DANA]);
  assert.deepEqual(scan({ data: gray, width: side, height: side }, { format: 'gray', stride: side + 5 }).map((c) => c.text), [DANA]);
  assert.deepEqual(scan({ data: new Uint8ClampedArray(side * side * 4).fill(255), width: side, height: side }), []);
  const ok = scanSticker(png, { nmid: 'ID1026564075103', name: 'BoonTrack' });
  assert.equal(ok.verdict, 'match');
  const other = scanSticker(png, { nmid: 'ID2019002291555' });
  assert.equal(other.verdict, 'mismatch');
  assert.equal(other.differences[0].message, 'NMID ID1026564075103 is not the expected ID2019002291555');
  assert.equal(scanSticker(render.png('https://example.com', { force: true }), { nmid: 'ID1026564075103' }).verdict, 'not_qris');
  assert.throws(() => scan(new Uint8Array([1, 2, 3])), (e) => e instanceof ImageError && e.code === 'scan.format');
  assert.throws(() => scan(png.slice(0, 100)), (e) => e instanceof ImageError && e.code === 'scan.corrupt');
  assert.throws(() => scan({ data: new Uint8Array(16), width: 100000, height: 100000 }), (e) => e instanceof ImageError && e.code === 'scan.too_large');
  assert.throws(() => scan({ data: new Uint8Array(16), width: 10, height: 10 }), (e) => e instanceof ImageError && e.code === 'scan.buffer');
  assert.throws(() => scan({ data: new Uint8Array(400), width: 10, height: 10, }, { format: 'cmyk' }), QrisError);
});

test('the replay guard accepts a notification once; a store of your own', () => {
  const v = vector('midtrans_demo_notification_verification');
  const publicKey = PublicKey.fromPem(PUBLIC);
  const timestamp = v.string_to_sign.split(':').slice(3).join(':');
  const base = { publicKey, path: '/v1.0/debit/notify', body: v.minified_body, timestamp, signature: v.expected, now: 1714635788 };
  const guard = new snap.ReplayGuard();
  const verify = (externalId, partnerId = 'G099333790') => snap.verifyNotification({ ...base, guard, partnerId, externalId });
  assert.equal(verify('E1').deliver, true);
  let err;
  try { verify('E1'); } catch (e) { err = e; }
  assert.ok(err instanceof NotificationReplayed);
  const [status, ack] = snap.ackForError(err);
  assert.equal(status, 409);
  assert.equal(JSON.parse(ack).responseCode, '4095600');
  // X-EXTERNAL-ID is not signed: the same notification under another one is still a replay.
  for (const other of ['E2', 'attacker-chosen']) assert.throws(() => verify(other), NotificationReplayed);
  assert.throws(() => verify('E3', 'SOMEONE-ELSE'), NotificationReplayed);
  assert.equal(guard.size, 2);
  assert.throws(() => snap.verifyNotification({ ...base, guard }), /externalId/);
  assert.throws(() => snap.verifyNotification({ ...base, externalId: 'E' }), /guard/);

  const seen = new Map();
  const calls = [];
  const store = {
    insertIfAbsent(key, now, expiresAt) {
      calls.push([key, now, expiresAt]);
      if ((seen.get(key) ?? now) > now) return false;
      seen.set(key, expiresAt);
      return true;
    },
  };
  const kw = { ...base, guard: store, partnerId: 'P', externalId: 'X1' };
  assert.equal(snap.verifyNotification(kw).deliver, true);
  assert.deepEqual(calls.map((c) => c[0].split(':')[0]), ['snap-msg', 'snap-id']);
  // The ID is kept until the end of the day in Jakarta: 2024-05-03T00:00:00+07:00.
  assert.equal(calls[1][2], 1714669200);
  assert.throws(() => snap.verifyNotification(kw), NotificationReplayed);
  // A store that fails or answers asynchronously refuses the notification (500), never delivers.
  for (const broken of [{ insertIfAbsent() { throw new Error('redis down'); } }, { insertIfAbsent: async () => true }, { insertIfAbsent: () => 'yes' }]) {
    let e2;
    try { snap.verifyNotification({ ...base, guard: broken, externalId: 'Z' }); } catch (e) { e2 = e; }
    assert.ok(e2 instanceof QrisError && !(e2 instanceof NotificationReplayed), String(e2));
    assert.equal(snap.ackForError(e2)[0], 500);
  }
  guard.free();
  publicKey.free();
});
