// The payload engine from JavaScript, against the published vectors
// (tests/vectors) and the peers' (tests/vectors/external).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import qris, { parse, validate, isValid, validateMany, toDynamic, toStatic, crc16, Builder, ParseError, CrcError, ConvertError, QrisError } from '../pkg/index.js';
import * as core from '../pkg/core.js';
import { tsv, read, DANA } from './vectors.mjs';

test('published QRIS payloads: parse, fields, paths, validation', () => {
  const p = parse(DANA);
  assert.equal(p.merchantName, 'BoonTrack');
  assert.equal(p.merchantCity, 'Kab. Bandung');
  assert.equal(p.nmid, 'ID1026564075103');
  assert.equal(p.get('51.02'), 'ID1026564075103');
  assert.equal(p.get('26.01'), '936009153033796827');
  assert.equal(p.get('99'), undefined);
  assert.equal(p.crc, '8DC1');
  assert.equal(p.isDynamic, false);
  assert.equal(String(p), DANA);
  assert.deepEqual(JSON.parse(JSON.stringify(p)).nmid, 'ID1026564075103');
  assert.equal(p.objects.find((o) => o.id === '51').children[1].value, 'ID1026564075103');
  assert.deepEqual(p.validate(), []);
  assert.equal(qris.parse, parse);
  for (const row of tsv('tests/vectors/qris-public.tsv')) {
    const ok = row.crc.startsWith('ok');
    if (row.scheme.startsWith('QRIS') && !row.scheme.startsWith('QRIS-edge')) {
      assert.equal(ok, true, row.note);
      assert.equal(parse(row.payload).text, row.payload);
    }
    if (row.crc.startsWith('FAIL')) {
      assert.throws(() => parse(row.payload), CrcError, row.note);
      assert.equal(isValid(row.payload), false);
    }
  }
});

test("the peers' vectors: every row's CRC verdict, as the source expects", () => {
  for (const row of tsv('tests/vectors/external/emv-payloads.tsv')) {
    const verdict = row.crc_check_here;
    if (verdict.startsWith('ok:')) {
      const want = verdict.slice(3, 7);
      assert.equal(crc16(row.payload.slice(0, -4)), want, row.id);
    } else if (verdict.startsWith('FAIL')) {
      assert.throws(() => parse(row.payload), ParseError, row.id);
    }
  }
  // qris-go's golden parse results: the same fields ('' means absent there).
  const golden = JSON.parse(read('tests/vectors/external/qris-go-golden.json'));
  assert.equal(golden.cases.length, 6);
  for (const c of golden.cases) {
    const p = parse(c.payload);
    const e = c.expected;
    const absent = (v) => (v === '' ? undefined : v);
    assert.equal(p.get('01'), e.PointOfInitiationMethod, c.name);
    assert.equal(p.mcc, absent(e.MerchantCategoryCode), c.name);
    assert.equal(p.currency, absent(e.TransactionCurrency), c.name);
    assert.equal(p.amount, absent(e.TransactionAmount), c.name);
    assert.equal(p.country, absent(e.CountryCode), c.name);
    assert.equal(p.merchantName, absent(e.MerchantName), c.name);
    assert.equal(p.merchantCity, absent(e.MerchantCity), c.name);
    assert.equal(p.postalCode, absent(e.PostalCode), c.name);
    assert.equal(p.crc, e.CRC, c.name);
    for (const [id, acc] of Object.entries(e.MerchantAccountInfo)) {
      assert.equal(p.get(`${id}.00`), absent(acc.GloballyUniqueIdentifier), `${c.name} ${id}`);
      assert.equal(p.get(`${id}.01`), absent(acc.MPAN), `${c.name} ${id}`);
      assert.equal(p.get(`${id}.02`), absent(acc.MID), `${c.name} ${id}`);
    }
  }
  // And its conversion rules (convert_test.go).
  const byName = Object.fromEntries(golden.cases.map((c) => [c.name, c.payload]));
  const dyn = parse(toDynamic(byName.static_with_additional, '25000'));
  assert.equal(dyn.get('01'), '12');
  assert.equal(dyn.amount, '25000');
  for (const o of parse(byName.static_with_additional).objects) {
    if (!['01', '54', '63'].includes(o.id)) assert.equal(dyn.get(o.path), o.value, o.path);
  }
  for (const bad of ['abc', '12345678901234', '1.2.3']) {
    assert.throws(() => toDynamic(byName.static_with_additional, bad), ConvertError, bad);
  }
});

test('static -> dynamic matches the code GoPay issued; amounts never numbers', () => {
  const rows = tsv('tests/vectors/qris-conversion.tsv');
  assert.ok(rows.length >= 1);
  for (const row of rows) {
    const dyn = toDynamic(row.static, row.amount);
    // Through tag 61 ours equals the issuer's own dynamic code, object by object.
    const issued = parse(row.issuer_dynamic);
    for (const o of parse(dyn).objects) {
      if (Number(o.id) <= 61) assert.equal(issued.get(o.path), o.value, o.path);
    }
    assert.equal(parse(dyn).amount, row.amount);
    assert.equal(toDynamic(row.static, BigInt(row.amount)), dyn);
    assert.equal(parse(toStatic(dyn)).amount, undefined);
  }
  assert.throws(() => toDynamic(DANA, 25000), TypeError);
  assert.throws(() => toDynamic(DANA, '25.000,00'), ConvertError);
  const d = toDynamic(DANA, '17000', { tipPrompt: true, bill: 'INV-1', terminal: 'K2' });
  assert.equal(parse(d).get('55'), '01');
  assert.equal(parse(d).get('62.07'), 'K2');
  assert.throws(() => toDynamic(DANA, '1', { feeFixed: 500 }), TypeError);
});

test('validate gives diagnostics; validateMany one list per payload', () => {
  const broken = DANA.slice(0, -4) + '0000';
  const d = validate(broken);
  assert.equal(d[0].code, 'crc.mismatch');
  assert.equal(d[0].severity, 'error');
  assert.equal(typeof d[0].offset, 'number');
  const many = validateMany([DANA, broken, 'garbage']);
  assert.equal(many.length, 3);
  assert.deepEqual(many[0], []);
  assert.equal(many[1][0].code, 'crc.mismatch');
  assert.ok(many[2].length > 0);
  assert.equal(isValid(DANA), true);
  assert.equal(isValid(broken), false);
});

test('the builder', () => {
  const b = Builder.fromPayload(DANA).set('62.07', 'K2').remove('61');
  const out = b.build();
  assert.equal(parse(out).get('62.07'), 'K2');
  assert.equal(parse(out).get('61'), undefined);
  assert.equal(Builder.fromPayload(DANA).build(), DANA);
  b.free();
});

test('crc16 over UTF-8 bytes, not UTF-16 code units', () => {
  assert.equal(crc16('123456789'), '29B1');
  assert.equal(crc16(new Uint8Array([0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39])), '29B1');
  // "é" is two UTF-8 bytes: a UTF-16 CRC would differ.
  assert.equal(crc16('é'), crc16(new Uint8Array([0xc3, 0xa9])));
});

test('the core entry point gives the same answers', () => {
  assert.equal(core.parse(DANA).nmid, 'ID1026564075103');
  assert.equal(core.toDynamic(DANA, '17000'), toDynamic(DANA, '17000'));
  assert.deepEqual(core.validate(DANA.slice(0, -1)), validate(DANA.slice(0, -1)));
  assert.equal(core.crc16('123456789'), '29B1');
  assert.throws(() => core.parse('x'), core.ParseError);
  assert.equal(typeof core.minify, 'undefined');
});

test('hostile payloads are QrisErrors, never traps', () => {
  const inputs = ['', '0', '00', '000201', '\u0000'.repeat(100), '00020101021263', 'ÿ'.repeat(5000),
    DANA + DANA, DANA.replace('5909', '5999'), '01'.repeat(100000)];
  for (const s of inputs) {
    try {
      parse(s);
    } catch (e) {
      assert.ok(e instanceof QrisError, String(e));
      assert.equal(typeof e.code, 'string');
    }
    validate(s);
    isValid(s);
    try { toDynamic(s, '1'); } catch (e) { assert.ok(e instanceof QrisError, String(e)); }
  }
  // A lone surrogate cannot be UTF-8: refused, not silently replaced.
  assert.throws(() => parse(DANA + '\ud800'), (e) => e instanceof ParseError && e.code === 'input.utf8');
  assert.equal(isValid('\udc00'), false);
  assert.equal(validate('\udc00')[0].code, 'input.utf8');
  assert.throws(() => parse(42), TypeError);
  assert.throws(() => parse(null), TypeError);
});

test('the ASCII fast path gives exactly what the general path gives', async () => {
  // The glue module is the one index.js initialised (one module instance per URL).
  const glue = await import('../pkg/wasm/full/qris.js');
  const inputs = [
    ...tsv('tests/vectors/qris-public.tsv').map((r) => r.payload),
    ...tsv('tests/vectors/external/emv-payloads.tsv').map((r) => r.payload),
    ...JSON.parse(read('tests/vectors/external/qris-go-golden.json')).cases.map((c) => c.payload),
    ` ${DANA}\r\n`, DANA.toLowerCase(), DANA.slice(0, -4) + '8dc1',
  ];
  let compared = 0;
  for (const text of inputs) {
    for (const strict of [false, true]) {
      let general;
      try {
        general = JSON.parse(glue.payloadFields(text, strict));
      } catch {
        assert.throws(() => parse(text, { strict }), ParseError, text);
        continue;
      }
      const p = parse(text, { strict });
      for (const k of ['amount', 'merchantName', 'merchantCity', 'postalCode', 'mcc', 'currency', 'country', 'nmid', 'crc', 'isDynamic']) {
        assert.equal(p[k], general[k] ?? undefined, `${k} of ${text}`);
      }
      assert.equal(isValid(text, { strict }), validate(text, { strict }).every((d) => d.severity !== 'error'), text);
      compared++;
    }
  }
  assert.ok(compared >= 20, `${compared} compared`);
  // toDynamic's one-crossing path: the general path's output, or its error.
  let converted = 0;
  for (const text of inputs) {
    for (const amount of ['17000', '1', '98.73', '0', 'abc', '12345678901234', '']) {
      let general;
      try {
        general = glue.toDynamic(text, amount, false, undefined, undefined, undefined, undefined, undefined, false);
      } catch {
        assert.throws(() => toDynamic(text, amount), QrisError, `${text} ${amount}`);
        continue;
      }
      assert.equal(toDynamic(text, amount), general, `${text} ${amount}`);
      converted++;
    }
  }
  assert.ok(converted >= 10, `${converted} converted`);
  // crc16 and minify/bodyHash through both paths.
  const { minify, bodyHash } = await import('../pkg/index.js');
  for (const text of inputs.slice(0, 10)) assert.equal(crc16(text), glue.crc16(new TextEncoder().encode(text)));
  const body = '{ "a" : [1, 2.50, "x y"], "b": {"c": null} }';
  assert.deepEqual(new Uint8Array(minify(body)), glue.minify(new TextEncoder().encode(body)));
  assert.ok(minify(body) instanceof Uint8Array);
  assert.equal(bodyHash(body), glue.bodyHash(new TextEncoder().encode(body)));
  assert.equal(bodyHash(''), glue.bodyHash(new Uint8Array(0)));
});

test('the scratch buffer survives growing and the memory growing between calls', async () => {
  const { minify } = await import('../pkg/index.js');
  const glue = await import('../pkg/wasm/full/qris.js');
  const before = parse(DANA);
  // A body far longer than the scratch buffer's first size makes it move.
  const items = Array.from({ length: 4000 }, (_, i) => `{ "n" : ${i}, "s" : "item ${i}" }`);
  const body = `[ ${items.join(' , ')} ]`;
  const want = glue.minify(new TextEncoder().encode(body));
  assert.deepEqual(new Uint8Array(minify(body)), want);
  assert.equal(parse(DANA).merchantName, before.merchantName);
  // Grow the module's memory by allocating in it (a large PNG), then use the fast path again.
  const { render } = await import('../pkg/index.js');
  for (let i = 0; i < 3; i++) render.png(DANA, { scale: 40 });
  const again = parse(DANA);
  assert.equal(again.merchantName, 'BoonTrack');
  assert.equal(again.crc, '8DC1');
  assert.equal(crc16('123456789'), '29B1');
  assert.deepEqual(new Uint8Array(minify(' { "a" : 1 } ')), new TextEncoder().encode('{"a":1}'));
});

test('minified bytes are views into a slab: each result its own, a transferred slab replaced', async () => {
  const { minify } = await import('../pkg/index.js');
  const enc = new TextEncoder();
  const want = (i) => enc.encode(`{"n":${i},"s":"item ${i}"}`);
  // Enough results to fill several 64 KB slabs; every one keeps its own bytes.
  const results = [];
  for (let i = 0; i < 6000; i++) results.push(minify(`{ "n" : ${i} , "s" : "item ${i}" }`));
  results[0].fill(0x20); // writing into one result touches no other
  for (let i = 1; i < results.length; i++) assert.deepEqual(results[i], want(i), `result ${i}`);
  // A result's buffer moved to another owner (a worker, structuredClone) detaches the slab.
  const moved = minify('{ "moved" : true }');
  structuredClone(moved.buffer, { transfer: [moved.buffer] });
  assert.equal(moved.length, 0);
  assert.deepEqual(minify(' { "a" : 1 } '), enc.encode('{"a":1}'));
  assert.deepEqual(minify('  '), new Uint8Array(0)); // the empty body
  // Longer than a slab's share: a copy of its own.
  const big = `[ ${Array.from({ length: 2000 }, (_, i) => i).join(' , ')} ]`;
  assert.deepEqual(minify(big), enc.encode(JSON.stringify(JSON.parse(big))));
});
