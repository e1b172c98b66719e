// qris: QRIS payloads and Indonesian payment signatures, the Rust engine in
// WebAssembly. Node >= 18, browsers, web workers and bundlers (ES modules).
import * as glue from './wasm/full/qris.js';
import { load } from './load.js';
import { payloadApi } from './payload.js';
import { call } from './errors.js';
import * as input from './input.js';
import * as errors from './errors.js';

export * from './errors.js';
import { setPanicReader } from './errors.js';

const raw = await load(glue, new URL('./wasm/full/qris_bg.wasm', import.meta.url));
const payloads = payloadApi(raw);
export const { parse, validate, isValid, validateMany, toDynamic, toStatic, crc16, Builder, Payload } = payloads;
const { writeAscii, writeBytes, view, view32, bytesOut: copyOut } = payloads.fast;
setPanicReader(() => raw.lastPanic());
export const version = raw.version();

/** Lexically minified JSON (whitespace outside strings removed), as bytes (a Uint8Array). Throws JsonError. */
export function minify(body) {
  const n = typeof body === 'string' ? writeAscii(body) : body instanceof Uint8Array ? writeBytes(body) : -1;
  if (n >= 0) {
    const at = raw.fastMinify(n);
    if (at !== 0) {
      const w = view32();
      return copyOut(w[at >>> 2], w[(at >>> 2) + 1]);
    }
  }
  return call(() => raw.minify(input.bytes(body)));
}

/** The SNAP body hash: lowercase hex SHA-256 of the minified body. Throws JsonError. */
export function bodyHash(body) {
  const n = typeof body === 'string' ? writeAscii(body) : body instanceof Uint8Array ? writeBytes(body) : -1;
  if (n >= 0) {
    const at = raw.fastBodyHash(n);
    if (at !== 0) return String.fromCharCode.apply(null, view().subarray(at, at + 64));
  }
  return call(() => raw.bodyHash(input.bytes(body)));
}

// Keys and signers hold secrets in wasm memory: free() wipes and releases them
// now; a FinalizationRegistry does it when they are garbage-collected.
const registry = new FinalizationRegistry((inner) => inner.free());

function owned(wrapper, inner) {
  registry.register(wrapper, inner, wrapper);
  return inner;
}

function release(wrapper, inner) {
  registry.unregister(wrapper);
  inner.free();
}

const WINDOW = 300;

// RSA in Node: the engine decides everything (key policy, body hash, string to
// sign, timestamp window, the signature's spelling) and node:crypto (OpenSSL,
// ~10x faster than RSA in WebAssembly) runs the RSA primitive. Browsers and
// QRIS_JS_WASM_RSA=1 use the engine's own (ring). Answers are identical
// (PKCS#1 v1.5 is deterministic; the tests check both against the vectors).
const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;
const nodeCrypto = isNode && process.env.QRIS_JS_WASM_RSA !== '1' ? await import('node:crypto') : null;

function nodePrivateKey(data, bits) {
  if (!nodeCrypto) return null;
  // The same input the engine accepted: PEM text, DER bytes, or Base64 of DER.
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(input.bytes(data, 'key'));
  const text = bytes.toString('latin1');
  const candidates = [];
  const der = (key) => [{ key, format: 'der', type: 'pkcs8' }, { key, format: 'der', type: 'pkcs1' }];
  if (text.includes('-----BEGIN')) candidates.push(text);
  else {
    candidates.push(...der(bytes));
    if (/^[A-Za-z0-9+/=\s]+$/.test(text)) candidates.push(...der(Buffer.from(text.replace(/\s+/g, ''), 'base64')));
  }
  for (const c of candidates) {
    try {
      const k = nodeCrypto.createPrivateKey(c);
      if (k.asymmetricKeyType === 'rsa' && k.asymmetricKeyDetails?.modulusLength === bits) return k;
    } catch { /* the next form */ }
  }
  return null; // the engine signs
}

function encodeSignature(bytes, encoding) {
  if (encoding === 'hex') return bytes.toString('hex');
  if (encoding === 'base64') return bytes.toString('base64');
  return undefined; // the engine reports the unknown encoding
}

/** The RSA step in node:crypto for a public key, when Node has it (else the engine's own). */
function nodeVerifier(publicKey) {
  const node = publicKey._node;
  return node ? (message, sig) => nodeCrypto.verify('sha256', message, node, sig) : undefined;
}

/** An RSA private key (PKCS#1 or PKCS#8; PEM, DER or Base64; >= 2048 bits). */
export class PrivateKey {
  #k;
  #node;
  constructor(inner, node = null) {
    if (!(inner instanceof raw.PrivateKey)) throw new TypeError('use PrivateKey.fromPem(data)');
    this.#k = owned(this, inner);
    this.#node = node;
  }
  static fromPem(data) {
    const inner = call(() => raw.PrivateKey.fromPem(input.bytes(data, 'key')));
    return new PrivateKey(inner, nodePrivateKey(data, inner.bits));
  }
  get bits() { return this.#k.bits; }
  get _inner() { return this.#k; }
  get _node() { return this.#node; }
  free() { release(this, this.#k); this.#node = null; }
  toString() { return `PrivateKey(${this.bits} bits, [REDACTED])`; }
}

/** An RSA public key (SPKI or PKCS#1; PEM, DER or Base64). */
export class PublicKey {
  #k;
  #node;
  constructor(inner) {
    if (!(inner instanceof raw.PublicKey)) throw new TypeError('use PublicKey.fromPem(data)');
    this.#k = owned(this, inner);
    this.#node = null;
    if (nodeCrypto) {
      try {
        this.#node = nodeCrypto.createPublicKey({ key: Buffer.from(inner.pkcs1Der()), format: 'der', type: 'pkcs1' });
      } catch { /* the engine verifies */ }
    }
  }
  get _node() { return this.#node; }
  /** Options: allowLegacy1024 (verify 1024-2047-bit provider keys; never sign). */
  static fromPem(data, { allowLegacy1024 = false } = {}) {
    return new PublicKey(call(() => raw.PublicKey.fromPem(input.bytes(data, 'key'), !!allowLegacy1024)));
  }
  get bits() { return this.#k.bits; }
  get _inner() { return this.#k; }
  free() { release(this, this.#k); }
  toString() { return `PublicKey(${this.bits} bits)`; }
}

/** A prepared HMAC-SHA512 key (the client secret), reused across requests. */
export class HmacSigner {
  #s;
  constructor(secret) { this.#s = owned(this, call(() => new raw.HmacSigner(input.bytes(secret, 'secret')))); }
  sign({ method, path, token, body = '', timestamp, encoding = 'base64' }) {
    return call(() => this.#s.signRequest(input.text(method, 'method'), input.text(path, 'path'),
      input.text(token, 'token'), input.bytes(body), input.text(timestamp, 'timestamp'), encoding));
  }
  verify({ method, path, token, body = '', timestamp, signature, window = WINDOW, now }) {
    call(() => this.#s.verifyRequest(input.text(method, 'method'), input.text(path, 'path'),
      input.text(token, 'token'), input.bytes(body), input.text(timestamp, 'timestamp'),
      input.text(signature, 'signature'), input.now(now), window));
  }
  free() { release(this, this.#s); }
}

function withSigner(secret, f) {
  const s = new HmacSigner(secret);
  try {
    return f(s);
  } finally {
    s.free();
  }
}

/** A SNAP responseCode explained: http, service, case, names, retry advice. */
export class ResponseCode {
  constructor(fields) { Object.assign(this, fields); Object.freeze(this); }
  /** Parses '2004700' (or a bare '200'); throws QrisError otherwise. */
  static parse(code) { return new ResponseCode(JSON.parse(call(() => raw.responseCode(input.text(code, 'code'))))); }
}

/** A verified notification: what it says and whether to hand over the goods. */
export class Notification {
  constructor(fields) { Object.assign(this, fields); Object.freeze(this); }
}

/**
 * The replay guard in this process's (or page's) memory: pass it as `guard` to
 * snap.verifyNotification and a notification is accepted once (a replay, under
 * any X-EXTERNAL-ID, or a reused X-EXTERNAL-ID the same WIB day throws
 * NotificationReplayed, answered 409). At most `maxBytes` of entries (64 MiB);
 * when full it refuses rather than forgets. Services with several instances
 * pass a store of their own instead: an object with a synchronous
 * `insertIfAbsent(key, now, expiresAt)` returning true when the key is new.
 */
export class ReplayGuard {
  #g;
  constructor({ maxBytes = 64 * 1024 * 1024 } = {}) {
    if (!Number.isFinite(maxBytes) || maxBytes < 0) throw new TypeError('maxBytes must be a byte count');
    this.#g = owned(this, new raw.ReplayGuard(maxBytes));
  }
  /** The number of live entries. */
  get size() { return this.#g.size; }
  get _inner() { return this.#g; }
  free() { release(this, this.#g); }
}

/** Verifies a SNAP payment notification as received (errors carry `ack`: the answer to send). */
function verifySnapNotification({ publicKey, method = 'POST', path, body, timestamp, signature, window = WINDOW, now,
  guard, partnerId, externalId }) {
  const args = [publicKey._inner, input.text(method, 'method'), input.text(path, 'path'), input.bytes(body),
    input.text(timestamp, 'timestamp'), input.text(signature, 'signature'), input.now(now), window];
  // node:crypto runs the RSA step when available; the engine decides the rest.
  const primitive = nodeVerifier(publicKey);
  if (guard === undefined || guard === null) {
    if (partnerId !== undefined || externalId !== undefined) {
      throw new TypeError('partnerId and externalId are for the replay guard: give guard');
    }
    return new Notification(JSON.parse(call(() => raw.verifySnapNotification(...args, primitive))));
  }
  if (externalId === undefined || externalId === null) throw new TypeError('guard needs externalId (the X-EXTERNAL-ID header)');
  const ids = [input.text(partnerId ?? '', 'partnerId'), input.text(externalId, 'externalId')];
  if (guard instanceof ReplayGuard) {
    return new Notification(JSON.parse(call(() => raw.verifySnapNotificationGuarded(...args, ...ids, guard._inner, primitive))));
  }
  if (typeof guard.insertIfAbsent !== 'function') {
    throw new TypeError('guard takes a ReplayGuard or an object with insertIfAbsent(key, now, expiresAt) -> boolean');
  }
  const insert = (key, t, expiresAt) => {
    const r = guard.insertIfAbsent(key, t, expiresAt);
    if (r !== null && typeof r === 'object' && typeof r.then === 'function') {
      throw new Error('insertIfAbsent must answer synchronously (a Promise was returned)');
    }
    return r;
  };
  return new Notification(JSON.parse(call(() => raw.verifySnapNotificationWithStore(...args, ...ids, insert, primitive))));
}

/** The answer [httpStatus, jsonBody] for an error thrown by snap.verifyNotification. */
function ackForError(error) {
  if (!(error instanceof errors.QrisError) || error.ack === undefined) {
    throw new TypeError('not an error thrown by snap.verifyNotification');
  }
  return [error.ack.status, error.ack.body];
}

/** Bank Indonesia SNAP: signatures, X-TIMESTAMP, response codes, notifications. */
export const snap = Object.freeze({
  ResponseCode,
  ReplayGuard,
  verifyNotification: verifySnapNotification,
  ackForError,
  DEFAULT_WINDOW: WINDOW,
  /** HMAC-SHA512 X-SIGNATURE: {secret, method, path, token, body, timestamp, encoding}. */
  signHmac: ({ secret, ...req }) => withSigner(secret, (s) => s.sign(req)),
  /** Checks X-TIMESTAMP (window, now) then the HMAC signature; throws InvalidSignature / InvalidTimestamp. */
  verifyHmac: ({ secret, ...req }) => withSigner(secret, (s) => s.verify(req)),
  /** SHA256withRSA X-SIGNATURE: {key, method, path, body, timestamp, encoding}. */
  signRsa: ({ key, method, path, body = '', timestamp, encoding = 'base64' }) => {
    const args = [input.text(method, 'method'), input.text(path, 'path'), input.bytes(body), input.text(timestamp, 'timestamp')];
    if (key._node && (encoding === 'base64' || encoding === 'hex')) {
      const sts = call(() => raw.rsaStringToSign(...args));
      return encodeSignature(nodeCrypto.sign('sha256', Buffer.from(sts), key._node), encoding);
    }
    return call(() => key._inner.signRequest(...args, encoding));
  },
  /** Checks X-TIMESTAMP then an asymmetric signature: {publicKey, method, path, body, timestamp, signature, window, now}. */
  verifyRsa: ({ publicKey, method, path, body = '', timestamp, signature, window = WINDOW, now }) => {
    const m = input.text(method, 'method');
    const p = input.text(path, 'path');
    const ts = input.text(timestamp, 'timestamp');
    const sig = input.text(signature, 'signature');
    const at = input.now(now);
    const primitive = nodeVerifier(publicKey);
    // The body straight into the scratch buffer when it is ASCII text or bytes.
    const n = typeof body === 'string' ? writeAscii(body) : body instanceof Uint8Array ? writeBytes(body) : -1;
    if (n >= 0) {
      call(() => publicKey._inner.verifyRequestScratch(m, p, n, ts, sig, at, window, primitive));
      return;
    }
    call(() => publicKey._inner.verifyRequest(m, p, input.bytes(body), ts, sig, at, window, primitive));
  },
  /** The B2B access-token signature over clientId|timestamp: {key, clientId, timestamp, encoding}. */
  signB2b: ({ key, clientId, timestamp, encoding = 'base64' }) => {
    const args = [input.text(clientId, 'clientId'), input.text(timestamp, 'timestamp')];
    if (key._node && (encoding === 'base64' || encoding === 'hex')) {
      return encodeSignature(nodeCrypto.sign('sha256', Buffer.from(raw.b2bStringToSign(...args)), key._node), encoding);
    }
    return call(() => key._inner.signB2b(...args, encoding));
  },
  /** Checks a B2B access-token signature: {publicKey, clientId, timestamp, signature, window, now}. */
  verifyB2b: ({ publicKey, clientId, timestamp, signature, window = WINDOW, now }) => {
    const args = [input.text(clientId, 'clientId'), input.text(timestamp, 'timestamp'),
      input.text(signature, 'signature'), input.now(now), window];
    call(() => publicKey._inner.verifyB2b(...args, nodeVerifier(publicKey)));
  },
  /** X-TIMESTAMP for now (or `at`: Date or Unix seconds) at +07:00 unless offsetMinutes. */
  timestamp: ({ at, offsetMinutes = 420, millis = false } = {}) => {
    const unix = at === undefined ? Date.now() / 1000 : at instanceof Date ? at.getTime() / 1000 : at;
    return call(() => raw.formatTimestamp(unix, offsetMinutes, !!millis));
  },
  /** Checks a received X-TIMESTAMP within `window` seconds of `now`; throws InvalidTimestamp. */
  checkTimestamp: (timestamp, { window = WINDOW, now } = {}) =>
    call(() => raw.checkTimestamp(input.text(timestamp, 'timestamp'), input.now(now), window)),
  /** The RFC 3986 canonical form of a relative URL (BCA signs it). */
  canonicalUrl: (url) => call(() => raw.canonicalUrl(input.text(url, 'url'))),
});

/** Midtrans (GoPay): the notification signature_key and notifications. */
export const midtrans = Object.freeze({
  /**
   * Verifies a Midtrans HTTP notification body (signature_key with your server
   * key, signed fields); with orderId and amount (your record), that it is for them.
   */
  verifyNotification: (body, serverKey, { orderId, amount } = {}) =>
    new Notification(JSON.parse(call(() => raw.verifyMidtransNotification(input.bytes(body),
      input.bytes(serverKey, 'serverKey'), input.optionalText(orderId, 'orderId'),
      amount === undefined || amount === null ? undefined : input.amount(amount))))),
  /** Lowercase hex SHA-512 of orderId + statusCode + grossAmount + serverKey (grossAmount as received, a string). */
  signatureKey: ({ orderId, statusCode, grossAmount, serverKey }) =>
    call(() => raw.signatureKey(input.text(orderId, 'orderId'), input.text(statusCode, 'statusCode'),
      grossAmountText(grossAmount), input.bytes(serverKey, 'serverKey'))),
  /** Checks a signature_key in constant time; throws InvalidSignature. */
  verifySignatureKey: ({ orderId, statusCode, grossAmount, serverKey, signatureKey }) =>
    call(() => raw.verifySignatureKey(input.text(orderId, 'orderId'), input.text(statusCode, 'statusCode'),
      grossAmountText(grossAmount), input.bytes(serverKey, 'serverKey'), input.text(signatureKey, 'signatureKey'))),
});

function grossAmountText(v) {
  if (typeof v !== 'string') {
    throw new TypeError('grossAmount must be the string Midtrans sent (e.g. "789000.00"): a number would lose its decimals');
  }
  return input.text(v, 'grossAmount');
}

/** QR images of a payload (checked by the payload engine unless force). */
export const render = Object.freeze({
  /** An SVG document: {ecc: 'L'|'M'|'Q'|'H', caption, force}. */
  svg: (payload, { ecc = 'M', caption, force = false } = {}) =>
    call(() => raw.renderSvg(input.text(payload), ecc, input.optionalText(caption, 'caption'), !!force)),
  /** The module matrix (quiet zone included): {width, modules} with modules[y * width + x] 1 for dark. */
  matrix: (payload, { ecc = 'M', force = false } = {}) => {
    const modules = call(() => raw.renderMatrix(input.text(payload), ecc, !!force));
    return { width: Math.round(Math.sqrt(modules.length)), modules };
  },
  /** A 1-bit PNG (Uint8Array), `scale` pixels per module (1..64). */
  png: (payload, { scale = 8, ecc = 'M', force = false } = {}) => {
    if (!Number.isInteger(scale)) throw new TypeError('scale must be a whole number of pixels per module');
    return call(() => raw.renderPng(input.text(payload), scale, ecc, !!force));
  },
});

/** Customer-presented (CPM) codes: read (card data masked) and check. */
export const cpm = Object.freeze({
  parse: (text) => JSON.parse(call(() => raw.cpmParse(input.text(text, 'code')))),
  validate: (text) => JSON.parse(raw.cpmValidate(input.text(text, 'code'))),
});

function imageArgs(image, options) {
  const o = options ?? {};
  // ImageData (browsers) and {data, width, height} objects: RGBA pixels.
  if (image && typeof image === 'object' && 'data' in image && 'width' in image && 'height' in image) {
    const format = o.format ?? 'rgba';
    const bpp = { gray: 1, rgb: 3, rgba: 4, bgr: 3, bgra: 4 }[format] ?? 4;
    return { pixels: input.bytes(image.data, 'image.data'), width: image.width, height: image.height,
      stride: o.stride ?? image.width * bpp, format };
  }
  return { file: input.bytes(image, 'image') };
}

function runScan(image, options, sticker) {
  const a = imageArgs(image, options);
  const s = sticker ?? {};
  const nmid = sticker ? input.text(s.nmid, 'nmid') : undefined;
  const extra = [nmid, input.optionalText(s.pan, 'pan'), input.optionalText(s.name, 'name'), input.optionalText(s.city, 'city')];
  const out = a.file
    ? call(() => raw.scanFile(a.file, ...extra))
    : call(() => raw.scanPixels(a.pixels, a.width >>> 0, a.height >>> 0, a.stride, a.format, ...extra));
  return JSON.parse(out);
}

/**
 * Every QR code in an image: the bytes of a PNG or JPEG file, or pixels
 * (ImageData, or {data, width, height} with options.format 'gray'|'rgb'|'rgba'|'bgr'|'bgra').
 * Each code: {text, kind: 'qris'|'emv'|'cpm'|'other', valid, corners, diagnostics}.
 */
export function scan(image, options) {
  return runScan(image, options).codes;
}

/** Whether the image's code is the registered merchant's: {verdict, differences, message, codes}. */
export function scanSticker(image, { nmid, pan, name, city, ...options } = {}) {
  const r = runScan(image, options, { nmid, pan, name, city });
  return { ...r.sticker, codes: r.codes };
}

export { errors };

export default {
  parse, validate, isValid, validateMany, toDynamic, toStatic, crc16, Builder, Payload, minify, bodyHash,
  PrivateKey, PublicKey, HmacSigner, ReplayGuard, snap, midtrans, render, cpm, scan, scanSticker, version, ...errors,
};
