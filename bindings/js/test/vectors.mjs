// The published vectors and the peers' test data, read once for every test file.
import { readFileSync } from 'node:fs';

const root = new URL('../../../', import.meta.url);
export const read = (path) => readFileSync(new URL(path, root), 'utf8');

export function tsv(path) {
  const [head, ...rows] = read(path).split('\n').filter((l) => l.length > 0);
  const names = head.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [names[i], v])));
}

export const SNAP = JSON.parse(read('tests/vectors/snap-public.json'));
export const PRIVATE = read('tests/vectors/midtrans-doc-private-pkcs8.pem');
export const PUBLIC = read('tests/vectors/midtrans-doc-public-spki.pem');
export const vector = (name) => SNAP.snap.find((v) => v.name === name);
export const DANA =
  '00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW' +
  '0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1';
