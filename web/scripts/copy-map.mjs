// Copies the bundled province boundaries into the built dashboard (DIST/map/china.json), where
// `clusteratlas serve` finds them: Apache ECharts 4.9.0's map/json/china.json (Apache-2.0),
// installed from npm under the name echarts-map-data (data/README.md says more).
import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const dist = process.argv[2]
if (!dist) {
  console.error('usage: node scripts/copy-map.mjs DIST')
  process.exit(1)
}
const require = createRequire(import.meta.url)
const source = join(dirname(require.resolve('echarts-map-data/package.json')), 'map/json/china.json')
mkdirSync(join(dist, 'map'), { recursive: true })
copyFileSync(source, join(dist, 'map', 'china.json'))
