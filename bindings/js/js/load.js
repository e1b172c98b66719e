// Instantiates a wasm-bindgen module from the file next to its glue: read from
// disk in Node (no fetch of file: URLs there), fetched in browsers, workers
// and bundlers (which rewrite `new URL(..., import.meta.url)`). Nothing is
// downloaded from the network but the package's own file.
export async function load(glue, url) {
  const node = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;
  if (node && url.protocol === 'file:') {
    const { readFileSync } = await import('node:fs');
    glue.initSync({ module: readFileSync(url) });
  } else {
    await glue.default({ module_or_path: url });
  }
  return glue;
}
