// Reports the production build's sizes: the JavaScript a first visit loads (the entry and
// the chunks it preloads) and every chunk, raw and gzipped. Prints JSON.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')
const html = readFileSync(join(dist, 'index.html'), 'utf8')
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1])

function sizes(rel) {
  const buf = readFileSync(join(dist, rel))
  return { file: rel, bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length }
}

const assets = readdirSync(join(dist, 'assets'))
  .filter((f) => statSync(join(dist, 'assets', f)).isFile())
  .map((f) => sizes(`assets/${f}`))
const sum = (list, key) => list.reduce((n, a) => n + a[key], 0)
const initialJs = initial.filter((f) => f.endsWith('.js')).map(sizes)
const initialCss = initial.filter((f) => f.endsWith('.css')).map(sizes)
const allJs = assets.filter((a) => a.file.endsWith('.js'))
const report = {
  initialJsGzipBytes: sum(initialJs, 'gzipBytes'),
  initialJsBytes: sum(initialJs, 'bytes'),
  initialCssGzipBytes: sum(initialCss, 'gzipBytes'),
  initialFiles: initial,
  totalJsGzipBytes: sum(allJs, 'gzipBytes'),
  totalJsBytes: sum(allJs, 'bytes'),
  chunkCount: allJs.length,
  largestChunks: [...allJs].sort((a, b) => b.gzipBytes - a.gzipBytes).slice(0, 8),
}
console.log(JSON.stringify(report, null, 2))
if (report.initialJsGzipBytes > 250 * 1024) {
  console.error(`initial JavaScript is ${report.initialJsGzipBytes} bytes gzipped, over the 250 KB budget`)
  process.exit(1)
}
