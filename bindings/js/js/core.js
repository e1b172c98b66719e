// qris/core: the payload engine alone (parse, validate, convert, CRC, build),
// for pages that only read and make payloads: a fraction of the full size.
import * as glue from './wasm/core/qris_core.js';
import { load } from './load.js';
import { payloadApi } from './payload.js';

export * from './errors.js';
import { setPanicReader } from './errors.js';

const raw = await load(glue, new URL('./wasm/core/qris_core_bg.wasm', import.meta.url));
export const { parse, validate, isValid, validateMany, toDynamic, toStatic, crc16, Builder, Payload } = payloadApi(raw);
setPanicReader(() => raw.lastPanic());
export const version = raw.version();
