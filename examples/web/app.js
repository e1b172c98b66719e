// The cashier page: every decision is the qris engine's (the npm package in
// bindings/js/pkg, served from the repository); this file only shows it.
import * as qris from '../../bindings/js/pkg/index.js';

const $ = (id) => document.getElementById(id);
let current = null; // the payload being shown, as text
let lastScan = null; // the image bytes last scanned (for the sticker check)

function show(payloadText) {
  current = payloadText;
  $('decoded').hidden = false;
  const fields = $('fields');
  const diagnostics = $('diagnostics');
  fields.replaceChildren();
  diagnostics.replaceChildren();
  const issues = qris.validate(payloadText);
  const valid = qris.isValid(payloadText);
  $('verdict').textContent = valid ? 'A valid QRIS code.' : 'Not a valid QRIS code.';
  $('verdict').className = valid ? 'ok' : 'bad';
  for (const d of issues) {
    const li = document.createElement('li');
    li.className = d.severity;
    li.textContent = `${d.severity} ${d.code}${d.path ? ` (${d.path})` : ''}: ${d.message}`;
    diagnostics.append(li);
  }
  let p = null;
  try {
    p = qris.parse(payloadText);
  } catch (e) {
    $('qr').replaceChildren();
    $('dynamic-section').hidden = true;
    $('sticker-section').hidden = lastScan === null;
    return;
  }
  const rows = [
    ['Merchant', p.merchantName], ['City', p.merchantCity], ['NMID', p.nmid], ['Category (MCC)', p.mcc],
    ['Amount', p.amount ?? '(static: the payer enters it)'], ['Point of initiation', p.isDynamic ? 'dynamic' : 'static'],
    ['CRC', p.crc],
  ];
  for (const acc of p.merchantAccounts) rows.push([`Account ${acc.id}`, [acc.guid, acc.acquirer, acc.pan].filter(Boolean).join(' · ')]);
  for (const [k, v] of rows) {
    if (v === undefined || v === null) continue;
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    dd.dataset.field = k;
    fields.append(dt, dd);
  }
  $('qr').innerHTML = qris.render.svg(p); // the engine's own SVG: one path, no scripts
  $('dynamic-section').hidden = false;
  $('sticker-section').hidden = false;
}

$('payload').addEventListener('input', () => {
  lastScan = null;
  const text = $('payload').value.trim();
  if (text) show(text);
});

$('photo').addEventListener('change', async () => {
  const file = $('photo').files[0];
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    const codes = qris.scan(bytes);
    lastScan = bytes;
    if (codes.length === 0) {
      $('scan-status').textContent = 'No QR code found in the picture.';
      return;
    }
    const code = codes.find((c) => c.kind === 'qris') ?? codes[0];
    $('scan-status').textContent = `${codes.length} code(s) found; showing a ${code.kind} code.`;
    $('payload').value = code.kind === 'cpm' ? code.shownText : code.text;
    if (code.kind !== 'cpm') show(code.text);
  } catch (e) {
    $('scan-status').textContent = `The picture cannot be read: ${e.message}`;
  }
});

$('make-dynamic').addEventListener('click', () => {
  $('dynamic-error').textContent = '';
  try {
    const amount = $('amount').value.trim();
    const dynamic = qris.toDynamic(current, amount); // a string: never a float
    $('dynamic').value = dynamic;
    $('dynamic-qr').innerHTML = qris.render.svg(dynamic);
  } catch (e) {
    $('dynamic').value = '';
    $('dynamic-qr').replaceChildren();
    $('dynamic-error').textContent = e.message;
  }
});

$('check-sticker').addEventListener('click', () => {
  const nmid = $('nmid').value.trim();
  if (!nmid) return;
  let result;
  if (lastScan) {
    result = qris.scanSticker(lastScan, { nmid });
  } else {
    // A pasted payload: the same check on its QR image.
    result = qris.scanSticker(qris.render.png(current, { scale: 4, force: true }), { nmid });
  }
  $('sticker').textContent = result.message;
  $('sticker').className = result.verdict === 'match' ? 'ok' : 'bad';
  $('sticker').dataset.verdict = result.verdict;
});

// The engine is loaded (the module's imports resolved): the page is usable.
document.body.dataset.ready = 'true';
