// Compiled by `tsc --noEmit` against the built package's declarations: the
// documented usage type-checks, and misuse does not.
import qris, { parse, toDynamic, snap, midtrans, render, PrivateKey, QrisError, ParseError, type Diagnostic } from '../pkg/index.js';
import * as core from '../pkg/core.js';

const p = parse('000201...');
const name: string | undefined = p.merchantName;
const v: string | undefined = p.get('62.07');
const d: Diagnostic[] = qris.validate(p);
const dyn: string = toDynamic(p, '17000', { tipPrompt: true, bill: 'INV-1' });
const dyn2: string = toDynamic(p, 17000n);
// @ts-expect-error amounts are never numbers
toDynamic(p, 17000);
const sig: string = snap.signHmac({ secret: 's', method: 'POST', path: '/p', token: 't', body: '{}', timestamp: 'ts' });
snap.verifyHmac({ secret: 's', method: 'POST', path: '/p', token: 't', timestamp: 'ts', signature: sig, now: new Date() });
const key = PrivateKey.fromPem('pem');
const rsa: string = snap.signRsa({ key, method: 'POST', path: '/p', timestamp: 'ts' });
// @ts-expect-error gross amounts are strings, as Midtrans sends them
midtrans.signatureKey({ orderId: 'o', statusCode: '200', grossAmount: 1, serverKey: 'k' });
const png: Uint8Array = render.png(p, { scale: 4 });
const e = new ParseError('x', { code: 'tlv.truncated', offset: 3 });
const isQ: boolean = e instanceof QrisError;
const c: string = core.crc16('123456789');
void [name, v, d, dyn, dyn2, rsa, png, isQ, c];
