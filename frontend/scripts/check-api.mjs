// Fails when src/api/schema.d.ts was not regenerated after the API's OpenAPI document changed.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'node_modules', '.tmp', 'schema.check.d.ts')
mkdirSync(dirname(out), { recursive: true })
execFileSync(
  process.execPath,
  [join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), join(root, '..', 'openapi.json'), '-o', out, '--default-non-nullable', 'false'],
  { stdio: ['ignore', 'ignore', 'inherit'] },
)
const fresh = readFileSync(out, 'utf8')
const committed = readFileSync(join(root, 'src', 'api', 'schema.d.ts'), 'utf8')
if (fresh !== committed) {
  console.error('src/api/schema.d.ts is stale: run `npm run gen:api` in frontend/ and commit the result')
  process.exit(1)
}
console.log('API client is up to date with openapi.json')
