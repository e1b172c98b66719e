// Instantiates a wasm-bindgen module from the file next to its glue: read from
// disk in Node (no fetch of file: URLs there), fetched in browsers, workers
// and bundlers (which rewrite `new URL(..., import.meta.url)`). Nothing is
// downloaded from the network but the package's own file.
export async function load(glue, url) {
  const node = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;
  let exports;
  if (node && url.protocol === 'file:') {
    const { readFileSync } = await import('node:fs');
    exports = glue.initSync({ module: readFileSync(url) });
  } else {
    exports = await glue.default({ module_or_path: url });
  }
  // The glue's functions, and the module's memory for the ASCII fast path.
  return Object.freeze(Object.assign(Object.create(null), glue, { memory: exports.memory }));
}
