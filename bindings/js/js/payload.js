// The payload engine's API, over either build of the engine (core or full).
import { call, QrisError } from './errors.js';
import * as input from './input.js';

export function payloadApi(raw) {
  const PRIVATE = Symbol('payload');

  // The ASCII fast path (src/fast.rs): characters copied straight into the
  // engine's scratch buffer; fields come back as spans of the caller's string.
  // Views over the whole memory are cached: making one per call costs ~0.4 us
  // in V8, and so does reading `memory.buffer`. When the memory grows, its old
  // buffer is detached and every view over it reads as length 0: that is the
  // sign to make them again.
  let bytes = new Uint8Array(raw.memory.buffer);
  let words = new Uint32Array(raw.memory.buffer);
  const view = () => (bytes.length !== 0 ? bytes : (bytes = new Uint8Array(raw.memory.buffer)));
  const view32 = () => (words.length !== 0 ? words : (words = new Uint32Array(raw.memory.buffer)));
  /** The 10 packed span words `fastParse` left at `at` (src/fast.rs), copied out of wasm memory. */
  function spansAt(at) {
    const w = view32();
    const i = at >>> 2;
    return [w[i], w[i + 1], w[i + 2], w[i + 3], w[i + 4], w[i + 5], w[i + 6], w[i + 7], w[i + 8], w[i + 9]];
  }
  // One view over the scratch buffer, remade only when the buffer grows or the
  // memory does: a subarray per call costs more than copying 200 characters.
  let scratch = new Uint8Array(0);
  let scratchPtr = 0;
  /** The scratch buffer's view, at least `n` bytes (its address in `scratchPtr`). */
  function scratchFor(n) {
    if (n > scratch.length || scratch.length === 0) {
      scratchPtr = raw.scratchInput(n);
      scratch = new Uint8Array(raw.memory.buffer, scratchPtr, raw.scratchCapacity());
    }
    return scratch;
  }
  /** Copies an ASCII string into the scratch buffer: its length, or -1 if it is not ASCII. */
  const encoder = new TextEncoder();
  function writeAscii(s) {
    const n = s.length;
    // encodeInto writes UTF-8 natively; all n characters in n bytes means ASCII.
    const { read, written } = encoder.encodeInto(s, scratchFor(n));
    return read === n && written === n ? n : -1;
  }
  /** Copies bytes into the scratch buffer: their length. */
  function writeBytes(b) {
    scratchFor(b.length).set(b);
    return b.length;
  }
  const FIELDS = ['amount', 'merchantName', 'merchantCity', 'postalCode', 'mcc', 'currency', 'country', 'nmid', 'crc'];
  /** A parsed payload (structure and CRC checked). `String(p)` is its text. */
  class Payload {
    #text;
    #strict;
    #fields;
    #spans;
    constructor(token, text, strict, spans) {
      if (token !== PRIVATE) throw new TypeError('use qris.parse(text) to make a Payload');
      this.#text = text;
      this.#strict = strict;
      this.#spans = spans;
    }
    /** Field `i` of FIELDS: sliced from the caller's string when parse had spans (ASCII text). */
    #field(i) {
      const sp = this.#spans;
      if (sp === undefined) return this.#general()[FIELDS[i]] ?? undefined;
      const w = sp[i];
      if (w === 0xffffffff) return undefined;
      const start = w & 0xffff;
      return this.#text.slice(start, start + (w >>> 16));
    }
    /** Every field from the general path (text with non-ASCII characters). */
    #general() {
      if (this.#fields === undefined) this.#fields = JSON.parse(call(() => raw.payloadFields(this.#text, this.#strict)));
      return this.#fields;
    }
    #accounts;
    /** The payload text. */
    get text() { return this.#text; }
    /** The value at a path such as '54', '62.07' or '62.50.01', or undefined. */
    get(path) { return call(() => raw.payloadGet(this.#text, this.#strict, input.text(path, 'path'))) ?? undefined; }
    /** The data objects as a tree: {id, path, offset, name?, value, children?}. */
    get objects() { return JSON.parse(call(() => raw.payloadObjects(this.#text, this.#strict))); }
    get amount() { return this.#field(0); }
    get merchantName() { return this.#field(1); }
    get merchantCity() { return this.#field(2); }
    get postalCode() { return this.#field(3); }
    get mcc() { return this.#field(4); }
    get currency() { return this.#field(5); }
    get country() { return this.#field(6); }
    get nmid() { return this.#field(7); }
    get isDynamic() { return this.#spans !== undefined ? this.#spans[9] === 1 : this.#general().isDynamic; }
    get crc() { return this.#field(8); }
    get merchantAccounts() {
      if (this.#accounts === undefined) {
        this.#accounts = JSON.parse(call(() => raw.payloadFields(this.#text, this.#strict))).merchantAccounts;
      }
      return this.#accounts;
    }
    /** Diagnostics under the QRIS rules. */
    validate() { return validate(this.#text, { strict: this.#strict }); }
    toString() { return this.#text; }
    toJSON() {
      const out = { payload: this.#text };
      for (let i = 0; i < FIELDS.length; i++) {
        const v = this.#field(i);
        if (v !== undefined && v !== null) out[FIELDS[i]] = v;
      }
      out.isDynamic = this.isDynamic;
      out.merchantAccounts = this.merchantAccounts;
      return out;
    }
    [Symbol.for('nodejs.util.inspect.custom')]() { return `Payload(${JSON.stringify(this.#text)})`; }
  }

  /** Parses a payload: structure and CRC. Throws ParseError / CrcError. */
  function parse(text, options) {
    const strict = options !== undefined && !!options.strict;
    if (typeof text === 'string' && writeAscii(text) >= 0) {
      const at = raw.fastParse(text.length, strict);
      if (at !== 0) return new Payload(PRIVATE, text, strict, spansAt(at));
    }
    const t = input.text(text);
    call(() => raw.parseCheck(t, strict));
    return new Payload(PRIVATE, t, strict);
  }

  /** Every problem under the QRIS rules, as {code, severity, offset, path, message}; never throws for a bad payload. */
  function validate(text, { strict = false } = {}) {
    let t;
    try {
      t = input.text(text);
    } catch (e) {
      if (e instanceof QrisError) return [{ code: e.code, severity: 'error', offset: e.offset, path: '', message: e.message }];
      throw e;
    }
    return JSON.parse(raw.validate(t, !!strict));
  }

  /** Whether a payload passes the QRIS rules (warnings allowed). */
  function isValid(text, options) {
    const strict = options !== undefined && !!options.strict;
    if (typeof text === 'string' && writeAscii(text) >= 0) return raw.fastIsValid(text.length, strict);
    if (typeof text === 'string' && /\p{Surrogate}/u.test(text)) return false;
    return raw.isValid(input.text(text), strict);
  }

  /** validate() for many payloads at once: one array of diagnostics per payload. */
  function validateMany(texts, { strict = false } = {}) {
    const list = Array.from(texts, (t) => input.text(t));
    return JSON.parse(raw.validateMany(list, !!strict)).map((d) => d ?? []);
  }

  /**
   * A dynamic code for `amount` (a decimal string or bigint; never a number)
   * from a static one. Options: tipPrompt, feeFixed, feePercent, bill,
   * reference, terminal, force.
   */
  // ASCII bytes in wasm memory as a string: Node's latin1Slice on a Buffer over
  // the memory (a copy, no decoding), else TextDecoder.
  const B = globalThis.Buffer;
  const NodeBuffer = typeof B === 'function' && typeof B.from === 'function'
    && typeof B.prototype.latin1Slice === 'function' ? B : undefined;
  let nodeMem;
  const decoder = new TextDecoder();
  function asciiOut(ptr, len) {
    if (NodeBuffer !== undefined) {
      if (nodeMem === undefined || nodeMem.length === 0) nodeMem = NodeBuffer.from(raw.memory.buffer);
      return nodeMem.latin1Slice(ptr, ptr + len);
    }
    return decoder.decode(view().subarray(ptr, ptr + len));
  }
  // Bytes copied out of wasm memory, as views into a 64 KB slab the package
  // owns (as Node's Buffer pool does): making a fresh ArrayBuffer per result
  // costs ~1 us and a Node Buffer ~0.3-0.7 us, a view ~0.1 us. A result's
  // `.buffer` is the slab; transferring it away only makes the next result
  // take a new slab.
  let slab = new ArrayBuffer(0);
  let slabAt = 0;
  const SLAB = 65536;
  function bytesOut(ptr, len) {
    const src = view().subarray(ptr, ptr + len);
    if (len === 0 || len > SLAB / 16) return src.slice();
    // A detached slab (transferred) reads byteLength 0, so it is replaced too.
    if (slabAt + len > slab.byteLength) {
      slab = new ArrayBuffer(SLAB);
      slabAt = 0;
    }
    const out = new Uint8Array(slab, slabAt, len);
    slabAt = (slabAt + len + 7) & ~7;
    out.set(src);
    return out;
  }
  const plain = (o) => o === undefined || o === null || (!o.tipPrompt && o.feeFixed == null && o.feePercent == null
    && o.bill == null && o.reference == null && o.terminal == null && !o.force);

  function toDynamic(payload, amount, options = {}) {
    // The common case (an ASCII payload and an amount, no options) in one crossing.
    if (typeof payload === 'string' && typeof amount === 'string' && plain(options)
      && writeAscii(payload + amount) >= 0) {
      const at = raw.fastToDynamic(payload.length, amount.length);
      if (at !== 0) {
        const w = view32();
        return asciiOut(w[at >>> 2], w[(at >>> 2) + 1]);
      }
    }
    const o = options ?? {};
    const fee = (v, what) => (v === undefined || v === null ? undefined : input.amount(v, what));
    return call(() => raw.toDynamic(
      input.text(payload), input.amount(amount), !!o.tipPrompt, fee(o.feeFixed, 'feeFixed'),
      fee(o.feePercent, 'feePercent'), input.optionalText(o.bill, 'bill'),
      input.optionalText(o.reference, 'reference'), input.optionalText(o.terminal, 'terminal'), !!o.force,
    ));
  }

  /** A static code from a dynamic one. */
  function toStatic(payload, { force = false } = {}) {
    return call(() => raw.toStatic(input.text(payload), !!force));
  }

  /** CRC16-CCITT-FALSE of the UTF-8 bytes (or the bytes given), four uppercase hex digits. */
  function crc16(data) {
    if (typeof data === 'string' && writeAscii(data) >= 0) {
      return raw.fastCrc16(data.length).toString(16).toUpperCase().padStart(4, '0');
    }
    return raw.crc16(input.bytes(data, 'data'));
  }

  /** Builds or edits a payload: set('62.07', 'K2'), remove('55'), build(). */
  class Builder {
    #inner;
    constructor(inner) {
      this.#inner = inner instanceof raw.Builder ? inner : new raw.Builder();
    }
    static fromPayload(payload) {
      return new Builder(call(() => raw.Builder.fromPayload(input.text(payload))));
    }
    set(path, value) {
      call(() => this.#inner.set(input.text(path, 'path'), input.text(value, 'value')));
      return this;
    }
    remove(path) {
      call(() => this.#inner.remove(input.text(path, 'path')));
      return this;
    }
    build() { return call(() => this.#inner.build()); }
    /** Releases the builder's memory now (otherwise when it is garbage-collected). */
    free() { this.#inner.free(); }
  }

  return { parse, validate, isValid, validateMany, toDynamic, toStatic, crc16, Builder, Payload, fast: { writeAscii, writeBytes, view, view32, bytesOut } };
}
