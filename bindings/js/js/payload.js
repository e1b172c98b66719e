// The payload engine's API, over either build of the engine (core or full).
import { call, QrisError } from './errors.js';
import * as input from './input.js';

export function payloadApi(raw) {
  const PRIVATE = Symbol('payload');

  /** A parsed payload (structure and CRC checked). `String(p)` is its text. */
  class Payload {
    #text;
    #strict;
    #fields;
    constructor(token, text, strict) {
      if (token !== PRIVATE) throw new TypeError('use qris.parse(text) to make a Payload');
      this.#text = text;
      this.#strict = strict;
      Object.freeze(this);
    }
    #f() {
      if (this.#fields === undefined) {
        this.#fields = Object.freeze(JSON.parse(call(() => raw.payloadFields(this.#text, this.#strict))));
      }
      return this.#fields;
    }
    /** The payload text. */
    get text() { return this.#text; }
    /** The value at a path such as '54', '62.07' or '62.50.01', or undefined. */
    get(path) { return call(() => raw.payloadGet(this.#text, this.#strict, input.text(path, 'path'))) ?? undefined; }
    /** The data objects as a tree: {id, path, offset, name?, value, children?}. */
    get objects() { return JSON.parse(call(() => raw.payloadObjects(this.#text, this.#strict))); }
    get amount() { return this.#f().amount ?? undefined; }
    get merchantName() { return this.#f().merchantName ?? undefined; }
    get merchantCity() { return this.#f().merchantCity ?? undefined; }
    get postalCode() { return this.#f().postalCode ?? undefined; }
    get mcc() { return this.#f().mcc ?? undefined; }
    get currency() { return this.#f().currency ?? undefined; }
    get country() { return this.#f().country ?? undefined; }
    get nmid() { return this.#f().nmid ?? undefined; }
    get isDynamic() { return this.#f().isDynamic; }
    get crc() { return this.#f().crc; }
    get merchantAccounts() { return this.#f().merchantAccounts; }
    /** Diagnostics under the QRIS rules. */
    validate() { return validate(this.#text, { strict: this.#strict }); }
    toString() { return this.#text; }
    toJSON() {
      const f = this.#f();
      const out = { payload: this.#text };
      for (const [k, v] of Object.entries(f)) if (v !== null) out[k] = v;
      return out;
    }
    [Symbol.for('nodejs.util.inspect.custom')]() { return `Payload(${JSON.stringify(this.#text)})`; }
  }

  /** Parses a payload: structure and CRC. Throws ParseError / CrcError. */
  function parse(text, { strict = false } = {}) {
    const t = input.text(text);
    call(() => raw.parseCheck(t, !!strict));
    return new Payload(PRIVATE, t, !!strict);
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
  function isValid(text, { strict = false } = {}) {
    if (typeof text === 'string' && /\p{Surrogate}/u.test(text)) return false;
    return raw.isValid(input.text(text), !!strict);
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
  function toDynamic(payload, amount, options = {}) {
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

  return { parse, validate, isValid, validateMany, toDynamic, toStatic, crc16, Builder, Payload };
}
