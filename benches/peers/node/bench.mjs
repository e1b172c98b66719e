// promptparse (EMVCo QR parse with CRC check) on the payloads the Rust and
// Python benchmarks use; prints JSON. Run by `make benchmarks` from
// target/peers/node after `npm install` of the pinned package.json.
import { parse, checksum } from 'promptparse'
import { readFileSync } from 'node:fs'

const [vectorsDir, fixturesDir] = process.argv.slice(2)
const conversion = readFileSync(`${vectorsDir}/qris-conversion.tsv`, 'utf8').split('\n')[1].split('\t')
const payloads = {
  'seed000': JSON.parse(readFileSync(`${fixturesDir}/seed000-charge-response.json`, 'utf8')).qr_string,
  'gopay-static': conversion[1],
}

function perCall(fn, targetNs = 100_000_000n, repeats = 7) {
  for (let i = 0; i < 10_000; i++) fn() // let the JIT settle
  let loops = 1
  for (;;) {
    const t = process.hrtime.bigint()
    for (let i = 0; i < loops; i++) fn()
    const dt = process.hrtime.bigint() - t
    if (dt > targetNs / 4n) { loops = Math.max(1, Math.floor(loops * Number(targetNs) / Number(dt))); break }
    loops *= 4
  }
  const samples = []
  for (let r = 0; r < repeats; r++) {
    const t = process.hrtime.bigint()
    for (let i = 0; i < loops; i++) fn()
    samples.push(Number(process.hrtime.bigint() - t) / loops)
  }
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)]
}

const results = { node: process.version, promptparse: '1.6.0', rows: [] }
for (const [name, payload] of Object.entries(payloads)) {
  const ok = parse(payload, true, true)
  const bad = parse(payload.slice(0, -1) + (payload.endsWith('0') ? '1' : '0'), true, true)
  if (!ok || bad !== null || checksum(payload.slice(0, -4)) !== payload.slice(-4)) {
    throw new Error(`promptparse disagrees on ${name}`)
  }
  let sink = 0
  const ns = perCall(() => { sink += parse(payload, true, true).tags.length })
  results.rows.push({ name: `parse+crc/${name}`, bytes: payload.length, ns, sink })
}
console.log(JSON.stringify(results))
