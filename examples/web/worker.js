// The engine in a web worker (a module worker): heavy work such as reading a
// photo stays off the page's main thread. The page posts {payload, amount} or
// {image: Uint8Array}; the worker answers with what the engine says. It says
// {ready: true} first: the engine loads asynchronously, and a message posted
// before the handler exists would be lost.
import * as qris from '../../bindings/js/pkg/index.js';

self.onmessage = (event) => {
  const { payload, amount, image } = event.data;
  try {
    if (image) {
      self.postMessage({ codes: qris.scan(image).map((c) => ({ text: c.text, kind: c.kind, valid: c.valid })) });
      return;
    }
    const p = qris.parse(payload);
    self.postMessage({
      merchantName: p.merchantName,
      nmid: p.nmid,
      dynamic: amount ? qris.toDynamic(p, amount) : undefined,
    });
  } catch (e) {
    self.postMessage({ error: { name: e.name, code: e.code, message: e.message } });
  }
};

self.postMessage({ ready: true });
