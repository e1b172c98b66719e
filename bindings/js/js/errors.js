// Errors: every failure the engine reports is a QrisError (or a subclass), with
// `code` (a stable string such as 'crc.mismatch'), `offset` (a byte offset in
// the input, or undefined) and `path` (a data object path such as '62.07', or '').

export class QrisError extends Error {
  constructor(message, { code = 'error', offset = undefined, path = '' } = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.offset = offset;
    this.path = path;
  }
}
/** A payload that is not well-formed (code e.g. 'tlv.truncated'). */
export class ParseError extends QrisError {}
/** A payload whose CRC (tag 63) is missing, malformed or wrong. */
export class CrcError extends ParseError {}
/** A body that is not valid JSON: `offset` is the byte of the first error. */
export class JsonError extends QrisError {}
/** A payload or option that cannot be converted. */
export class ConvertError extends QrisError {}
/** Key material that is not a usable RSA key (>= 2048 bits). */
export class InvalidKey extends QrisError {}
/** A signature that does not verify. */
export class InvalidSignature extends QrisError {}
/** An X-TIMESTAMP that is malformed or outside the allowed window. */
export class InvalidTimestamp extends QrisError {}
/** A verified notification for another order or amount than expected. */
export class NotificationMismatch extends QrisError {}
/** A verified notification heard before (the same signed request, or its X-EXTERNAL-ID used today): answer 409. */
export class NotificationReplayed extends QrisError {}
/** An image that cannot be scanned (code 'scan.*'). */
export class ImageError extends QrisError {}

const CLASSES = {
  QrisError, ParseError, CrcError, JsonError, ConvertError, InvalidKey, InvalidSignature, InvalidTimestamp,
  NotificationMismatch, NotificationReplayed, ImageError,
};

let lastPanic = () => '';
/** Where a trap's panic message can be read (set by the module that loaded the engine). */
export function setPanicReader(f) { lastPanic = f; }

/** The QrisError for whatever the engine threw. */
export function translate(e) {
  if (typeof e === 'string' && e.startsWith('{') && e.includes('"qrisError"')) {
    const d = JSON.parse(e);
    const Cls = CLASSES[d.qrisError] || QrisError;
    const err = new Cls(d.message, { code: d.code, offset: d.offset ?? undefined, path: d.path });
    if (d.ack) err.ack = Object.freeze({ status: d.ack.status, body: d.ack.body });
    return err;
  }
  if (e instanceof WebAssembly.RuntimeError) {
    // A trap: a bug in the engine. Reported, never passed on raw.
    let detail = '';
    try { detail = lastPanic(); } catch { /* the trapped instance may not answer */ }
    return new QrisError(`internal error in the qris engine (please report it): ${detail || e.message}`, { code: 'internal' });
  }
  return e;
}

/** Calls `f`, turning engine errors into QrisErrors. */
export function call(f) {
  try {
    return f();
  } catch (e) {
    throw translate(e);
  }
}
