// The README's parity table is true for JavaScript: every name in its
// JavaScript column is an export of the package (`a.b` a property of an export,
// `Class#member` on the class's prototype; options in parentheses document the
// options object), and every empty cell says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as qris from '../pkg/index.js';
import { read } from './vectors.mjs';

function rows() {
  const text = read('README.md');
  const lines = text.slice(text.indexOf('### Parity')).split('\n');
  const start = lines.indexOf('| Capability | Rust | C | Python | JavaScript | Java | CLI |');
  assert.ok(start > 0, 'the parity table has a JavaScript column');
  const table = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    table.push(line.replace(/^\||\|$/g, '').split(' | ').map((c) => c.trim()));
  }
  return table;
}

test('every JavaScript name in the parity table exists', () => {
  const table = rows();
  assert.ok(table.length >= 40);
  let checked = 0;
  for (const [capability, , , , js] of table) {
    if (js.startsWith('— ')) {
      assert.ok(js.slice(2).split(/\s+/).length >= 3, `${capability}: an empty cell needs a reason`);
      continue;
    }
    const names = js.split('`').filter((_, i) => i % 2 === 1);
    assert.ok(names.length > 0, `${capability}: ${js}`);
    for (const name of names) {
      const path = name.replace(/\(.*\)$/, '');
      const [dotted, member] = path.split('#');
      let obj = qris;
      for (const part of dotted.split('.')) {
        assert.ok(obj != null && part in obj, `${capability}: \`${name}\`: no ${part}`);
        obj = obj[part];
      }
      if (member) assert.ok(member in obj.prototype, `${capability}: \`${name}\`: ${dotted} has no ${member}`);
      checked++;
    }
  }
  assert.ok(checked >= 50, `${checked} names`);
});
