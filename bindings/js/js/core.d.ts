// qris/core: the payload engine alone.
export * from './errors.js';
export * from './payload.js';
