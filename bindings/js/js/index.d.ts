// qris: QRIS payloads and Indonesian payment signatures (the Rust engine in WebAssembly).
import type { Bytes, Diagnostic } from './payload.js';
import * as errors from './errors.js';
import {
  parse, validate, isValid, validateMany, toDynamic, toStatic, crc16, Builder, Payload, version,
} from './payload.js';

export * from './errors.js';
export * from './payload.js';
export { errors };

/** Lexically minified JSON bytes: a Uint8Array (a view into a slab the package owns, as Node's Buffers are; `.slice()` it before transferring its buffer). */
export function minify(body: Bytes): Uint8Array;
/** Lowercase hex SHA-256 of the minified body. */
export function bodyHash(body: Bytes): string;

export class PrivateKey {
  private constructor();
  static fromPem(data: Bytes): PrivateKey;
  readonly bits: number;
  free(): void;
}

export class PublicKey {
  private constructor();
  static fromPem(data: Bytes, options?: { allowLegacy1024?: boolean }): PublicKey;
  readonly bits: number;
  free(): void;
}

export type Encoding = 'base64' | 'hex';
export type Now = number | Date;

export interface HmacRequest {
  method: string;
  path: string;
  token: string;
  body?: Bytes;
  timestamp: string;
  encoding?: Encoding;
}

export interface Verification {
  signature: string;
  /** Seconds either side of `now` (300). */
  window?: number;
  /** Unix seconds or a Date (the clock by default). */
  now?: Now;
}

export class HmacSigner {
  constructor(secret: Bytes);
  sign(request: HmacRequest): string;
  verify(request: HmacRequest & Verification): void;
  free(): void;
}

export interface RsaRequest {
  method: string;
  path: string;
  body?: Bytes;
  timestamp: string;
  encoding?: Encoding;
}

export class ResponseCode {
  private constructor();
  static parse(code: string): ResponseCode;
  readonly http: number;
  readonly service: number | null;
  readonly case: number | null;
  readonly serviceName: string;
  readonly caseName: string;
  readonly isSuccess: boolean;
  readonly isPending: boolean;
  readonly retry: 'no' | 'check_status' | 'same_external_id' | 'later' | 'never';
  readonly advice: string;
}

export class Notification {
  private constructor();
  readonly orderId: string | null;
  readonly amount: string | null;
  readonly statusCode: string | null;
  readonly status: string;
  /** 'paid', 'pending', 'failed', 'expired', 'refunded', ... */
  readonly outcome: string;
  /** True only when paid: deliver the goods. */
  readonly deliver: boolean;
  readonly ackStatus: number;
  readonly ackBody: string;
  readonly warnings: string[];
  readonly idempotencyKey: string | null;
}

export interface ReplayStore {
  /** True when `key` was not present (and is now recorded until `expiresAt`, Unix seconds); synchronous. */
  insertIfAbsent(key: string, now: number, expiresAt: number): boolean;
}

export class ReplayGuard {
  constructor(options?: { maxBytes?: number });
  readonly size: number;
  free(): void;
}

export const snap: {
  readonly ResponseCode: typeof ResponseCode;
  readonly ReplayGuard: typeof ReplayGuard;
  verifyNotification(
    request: { publicKey: PublicKey; method?: string; path: string; body: Bytes; timestamp: string } & Verification &
      ({ guard?: undefined } | { guard: ReplayGuard | ReplayStore; partnerId?: string; externalId: string }),
  ): Notification;
  ackForError(error: unknown): [number, string];
  readonly DEFAULT_WINDOW: number;
  signHmac(request: HmacRequest & { secret: Bytes }): string;
  verifyHmac(request: HmacRequest & Verification & { secret: Bytes }): void;
  signRsa(request: RsaRequest & { key: PrivateKey }): string;
  verifyRsa(request: RsaRequest & Verification & { publicKey: PublicKey }): void;
  signB2b(request: { key: PrivateKey; clientId: string; timestamp: string; encoding?: Encoding }): string;
  verifyB2b(request: { publicKey: PublicKey; clientId: string; timestamp: string } & Verification): void;
  timestamp(options?: { at?: Now; offsetMinutes?: number; millis?: boolean }): string;
  checkTimestamp(timestamp: string, options?: { window?: number; now?: Now }): void;
  canonicalUrl(url: string): string;
};

export interface SignatureKeyFields {
  orderId: string;
  statusCode: string;
  /** Exactly as Midtrans sent it, e.g. "789000.00". */
  grossAmount: string;
  serverKey: Bytes;
}

export const midtrans: {
  verifyNotification(body: Bytes, serverKey: Bytes, expected?: { orderId?: string; amount?: string | bigint }): Notification;
  signatureKey(fields: SignatureKeyFields): string;
  verifySignatureKey(fields: SignatureKeyFields & { signatureKey: string }): void;
};

export type Ecc = 'L' | 'M' | 'Q' | 'H';

export const render: {
  svg(payload: string | Payload, options?: { ecc?: Ecc; caption?: string; force?: boolean }): string;
  png(payload: string | Payload, options?: { scale?: number; ecc?: Ecc; force?: boolean }): Uint8Array;
  matrix(payload: string | Payload, options?: { ecc?: Ecc; force?: boolean }): { width: number; modules: Uint8Array };
};

export interface CpmTemplate {
  aid: string | null;
  label: string | null;
  cardholderName: string | null;
  languagePreference: string | null;
  issuerUrl: string | null;
  panMasked: string | null;
  track2Masked: string | null;
}

export const cpm: {
  parse(text: string): { formatIndicator: string | null; applications: CpmTemplate[]; common: CpmTemplate | null; bytes: number; diagnostics: Diagnostic[] };
  validate(text: string): Diagnostic[];
};

export interface ScannedCode {
  text: string;
  /** The text as it may be shown (a CPM code's card number masked). */
  shownText: string;
  kind: 'qris' | 'emv' | 'cpm' | 'other';
  valid: boolean;
  corners: [number, number][];
  diagnostics: Diagnostic[];
}

export type PixelFormat = 'gray' | 'rgb' | 'rgba' | 'bgr' | 'bgra';
export type Image = Bytes | { data: Uint8Array | Uint8ClampedArray; width: number; height: number };
export interface ImageOptions {
  format?: PixelFormat;
  stride?: number;
}

export function scan(image: Image, options?: ImageOptions): ScannedCode[];

export interface StickerCheck {
  verdict: 'match' | 'mismatch' | 'not_qris' | 'unreadable';
  differences: { field: 'nmid' | 'pan' | 'name' | 'city'; expected: string; found: string | null; message: string }[];
  message: string;
  codes: ScannedCode[];
}

export function scanSticker(
  image: Image,
  expected: { nmid: string; pan?: string; name?: string; city?: string } & ImageOptions,
): StickerCheck;

declare const qris: {
  parse: typeof parse;
  validate: typeof validate;
  isValid: typeof isValid;
  validateMany: typeof validateMany;
  toDynamic: typeof toDynamic;
  toStatic: typeof toStatic;
  crc16: typeof crc16;
  Builder: typeof Builder;
  Payload: typeof Payload;
  minify: typeof minify;
  bodyHash: typeof bodyHash;
  PrivateKey: typeof PrivateKey;
  PublicKey: typeof PublicKey;
  HmacSigner: typeof HmacSigner;
  ReplayGuard: typeof ReplayGuard;
  snap: typeof snap;
  midtrans: typeof midtrans;
  render: typeof render;
  cpm: typeof cpm;
  scan: typeof scan;
  scanSticker: typeof scanSticker;
  version: typeof version;
} & typeof errors;
export default qris;
