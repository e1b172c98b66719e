// Inputs: text must be well-formed Unicode (a lone surrogate cannot be UTF-8:
// refused rather than silently replaced), bytes may be given as a string
// (UTF-8), a Uint8Array (Node's Buffer too) or an ArrayBuffer.
import { ParseError, QrisError } from './errors.js';

const LONE_SURROGATE = /\p{Surrogate}/u;
const encoder = new TextEncoder();

export function text(value, what = 'payload') {
  if (typeof value !== 'string') {
    if (value !== null && typeof value === 'object' && typeof value.text === 'string') return value.text;
    throw new TypeError(`${what} must be a string, not ${describe(value)}`);
  }
  const m = LONE_SURROGATE.exec(value);
  if (m) {
    throw new ParseError(`the ${what} is not valid Unicode: a lone surrogate at character ${m.index}`, {
      code: 'input.utf8', offset: encoder.encode(value.slice(0, m.index)).length,
    });
  }
  return value;
}

export function optionalText(value, what) {
  return value === undefined || value === null ? undefined : text(value, what);
}

export function bytes(value, what = 'body') {
  if (typeof value === 'string') return encoder.encode(text(value, what));
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`${what} must be a string, Uint8Array or ArrayBuffer, not ${describe(value)}`);
}

/** An amount: a decimal string or a bigint; never a number (binary floating point cannot hold money). */
export function amount(value, what = 'amount') {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return text(value, what);
  if (typeof value === 'number') {
    throw new TypeError(`${what} must be a string or bigint, not a number (binary floating point cannot hold money exactly)`);
  }
  throw new TypeError(`${what} must be a string or bigint, not ${describe(value)}`);
}

export function now(value) {
  if (value === undefined || value === null) return Math.floor(Date.now() / 1000);
  if (value instanceof Date) return Math.floor(value.getTime() / 1000);
  if (typeof value === 'number' && Number.isFinite(value)) return Math.floor(value);
  throw new QrisError('now must be Unix seconds or a Date', { code: 'argument' });
}

function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? (v.constructor?.name ?? 'an object') : typeof v;
}
