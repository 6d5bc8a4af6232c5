// bench/web.sh's browser: first views of the overview in headless Chromium (a fresh context each,
// so nothing is cached), timed from navigation to the map drawn (every province's shape and the
// clusters' points in the SVG); the JavaScript the overview loads, gzipped; and, signed in, the
// registry's search typed a key at a time, each keystroke timed to the next painted frame.
// Usage: node web_page.mjs URL [RUNS] [LOGIN PASSWORD]   — prints one JSON line.
import { createRequire } from 'node:module'
import { gzipSync } from 'node:zlib'

const require = createRequire(new URL('../web/package.json', import.meta.url))
const { chromium } = require('playwright-core')
const [url, runsText = '10', login, password] = process.argv.slice(2)
const runs = Number(runsText)

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

// Watched from the page's start (an init script, before any of the page's own), at every
// animation frame: the time of the first frame in which the map is complete, every province's
// shape and the clusters' points in its SVG (the browser paints that frame next). A check asked
// for after navigation would start late, queued behind the page's other work.
const watchMap = () => {
  const check = () => {
    const map = document.querySelector('figure.chart svg')
    if (map && map.querySelectorAll('path.province').length > 31 && map.querySelector('circle.point')) {
      window.mapDrawnAt = performance.now()
      return
    }
    requestAnimationFrame(check)
  }
  requestAnimationFrame(check)
}

const times = []
let jsGzip = 0
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  await page.addInitScript(watchMap)
  const scripts = []
  if (i === 0) page.on('response', (r) => { if (r.url().endsWith('.js')) scripts.push(r) })
  await page.goto(url + '/')
  const at = await page.waitForFunction(() => window.mapDrawnAt, null, { timeout: 30000 })
  times.push(await at.jsonValue())
  // Every script of the overview, those its other charts load after the map included.
  if (i === 0) await page.waitForLoadState('networkidle')
  for (const r of scripts) jsGzip += gzipSync(await r.body(), { level: 9 }).length
  await context.close()
}

let keystrokes = null
if (login) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await page.goto(url + '/#/login')
  await page.locator('#login-name').fill(login)
  await page.locator('#login-password').fill(password)
  await page.locator('form button[type=submit]').click()
  await page.locator('.who').waitFor()
  await page.goto(url + '/#/registry')
  const search = page.locator('#cluster-search')
  // The registry's code is loaded when the page is first opened.
  if (await search.waitFor({ timeout: 15000 }).then(() => true, () => false)) {
    const table = page.locator('.table-wrap').first()
    await table.locator('tbody tr').first().waitFor()
    const rows = await table.locator('tbody tr').count()
    await search.focus()
    const each = []
    for (const key of [...'高新区集群', 'Backspace', 'Backspace', 'Backspace', 'Backspace', 'Backspace']) {
      // From the key's event to the next frame, the list updated in it (Vue renders in the
      // microtask after the input event, before the frame).
      await page.evaluate(() => {
        window.keyLatency = new Promise((done) => {
          document.querySelector('#cluster-search').addEventListener('input', (e) => {
            requestAnimationFrame(() => done(performance.now() - e.timeStamp))
          }, { once: true })
        })
      })
      await (key.length === 1 ? page.keyboard.type(key) : page.keyboard.press(key))
      each.push(await page.evaluate(() => window.keyLatency))
    }
    keystrokes = { rows, median_ms: median(each), max_ms: Math.max(...each) }
  }
}
await browser.close()
console.log(JSON.stringify({ runs, first_view_ms: times, median_ms: median(times), js_gzip_bytes: jsGzip, keystrokes }))
