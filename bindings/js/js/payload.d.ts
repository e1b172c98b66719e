export type Bytes = string | Uint8Array | ArrayBuffer | ArrayBufferView;
export type Amount = string | bigint;

export interface Diagnostic {
  code: string;
  severity: 'error' | 'warning';
  offset: number | undefined;
  path: string;
  message: string;
}

export interface DataObject {
  id: string;
  path: string;
  offset: number;
  name?: string;
  value: string;
  children?: DataObject[];
}

export interface MerchantAccount {
  id: string;
  guid: string | null;
  pan: string | null;
  merchantId: string | null;
  criteria: string | null;
  acquirer: string | null;
}

export interface ParseOptions {
  /** Refuse surrounding whitespace and a lowercase CRC. */
  strict?: boolean;
}

/** A parsed payload (structure and CRC checked). `String(p)` is its text. */
export class Payload {
  private constructor();
  readonly text: string;
  /** The value at a path such as '54', '62.07' or '62.50.01'. */
  get(path: string): string | undefined;
  readonly objects: DataObject[];
  readonly amount: string | undefined;
  readonly merchantName: string | undefined;
  readonly merchantCity: string | undefined;
  readonly postalCode: string | undefined;
  readonly mcc: string | undefined;
  readonly currency: string | undefined;
  readonly country: string | undefined;
  readonly nmid: string | undefined;
  readonly isDynamic: boolean;
  readonly crc: string;
  readonly merchantAccounts: MerchantAccount[];
  validate(): Diagnostic[];
  toString(): string;
  toJSON(): Record<string, unknown>;
}

export interface DynamicOptions {
  tipPrompt?: boolean;
  feeFixed?: Amount;
  feePercent?: Amount;
  bill?: string;
  reference?: string;
  terminal?: string;
  /** Convert even with a wrong CRC. */
  force?: boolean;
}

export function parse(text: string, options?: ParseOptions): Payload;
export function validate(text: string | Payload, options?: ParseOptions): Diagnostic[];
export function isValid(text: string | Payload, options?: ParseOptions): boolean;
export function validateMany(texts: Iterable<string | Payload>, options?: ParseOptions): Diagnostic[][];
/** A dynamic code for `amount` (a decimal string or bigint: never a number). */
export function toDynamic(payload: string | Payload, amount: Amount, options?: DynamicOptions): string;
export function toStatic(payload: string | Payload, options?: { force?: boolean }): string;
/** CRC16-CCITT-FALSE of the UTF-8 bytes, four uppercase hex digits. */
export function crc16(data: Bytes): string;

export class Builder {
  constructor();
  static fromPayload(payload: string | Payload): Builder;
  set(path: string, value: string): this;
  remove(path: string): this;
  build(): string;
  free(): void;
}

export const version: string;
