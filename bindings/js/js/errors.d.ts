export interface QrisErrorInfo {
  code?: string;
  offset?: number;
  path?: string;
}
/** The root of every qris error: `code` ('crc.mismatch'...), `offset` (byte), `path` ('62.07'). */
export class QrisError extends Error {
  constructor(message: string, info?: QrisErrorInfo);
  readonly code: string;
  readonly offset: number | undefined;
  readonly path: string;
  /** For errors of snap.verifyNotification: the answer to send. */
  readonly ack?: { readonly status: number; readonly body: string };
}
export class ParseError extends QrisError {}
export class CrcError extends ParseError {}
export class JsonError extends QrisError {}
export class ConvertError extends QrisError {}
export class InvalidKey extends QrisError {}
export class InvalidSignature extends QrisError {}
export class InvalidTimestamp extends QrisError {}
export class NotificationMismatch extends QrisError {}
export class NotificationReplayed extends QrisError {}
export class ImageError extends QrisError {}
