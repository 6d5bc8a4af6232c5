// The HTML reports in a real browser: the annual report and a fact sheet downloaded from the
// server as the programme office, opened from the file as a person opens an attachment. The page
// asks for nothing beyond its own file, logs no error, draws its charts and map as inline SVG,
// fits a 390 px phone (wide tables scroll in their own box), passes axe-core, and prints on A4.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { accessibilityProblems, browser, openPage, screenshot, serveForThisFile, server, signIn,
  sql } from './harness.mjs'

serveForThisFile()

// The report's HTML as the API serves it to the signed-in administrator, saved to a file.
async function download(path, name) {
  const page = await openPage(browser)
  await signIn(page, server, 'admin')
  const reply = await page.request.get(`${server.url}${path}`)
  assert.equal(reply.status(), 200, await reply.text())
  assert.match(reply.headers()['content-disposition'], /^attachment;/)
  const file = join(mkdtempSync(join(tmpdir(), 'atlas-report-')), name)
  writeFileSync(file, await reply.body())
  await page.context().close()
  return pathToFileURL(file).href
}

// Opens `url` recording every request the page makes.
async function open(url, options) {
  const page = await openPage(browser, options)
  page.requests = []
  page.on('request', (r) => page.requests.push(r.url()))
  await page.goto(url)
  return page
}

test('the annual report opens offline, draws its map and charts, and fits a phone', async () => {
  const [[year]] = sql(server.db, 'SELECT max(year) FROM enterprise_year')
  const url = await download(`/api/v1/reports/annual?year=${year}&format=html&uncertainty=20`, 'annual.html')
  const page = await open(url)
  assert.deepEqual(page.requests, [url], 'nothing but the file itself')
  assert.deepEqual(page.problems, [])
  const headings = await page.locator('h2').allInnerTexts()
  for (const h of ['一、总体情况', '二、区域与省份', '三、产业分布', '四、评价结果', '五、预警与撤销', '六、数据说明']) {
    assert.ok(headings.includes(h), `${h} in ${headings}`)
  }
  // The map: a path for each province of the bundled boundaries, and the charts beside it.
  const svgPaths = await page.locator('figure svg').evaluateAll((svgs) => svgs.map((s) => s.querySelectorAll('path').length))
  assert.ok(svgPaths.length >= 5, `figures: ${svgPaths}`)
  assert.ok(Math.max(...svgPaths) >= 34, `the map's provinces: ${svgPaths}`)
  // Every figure is drawn at a size (an SVG that failed to lay out is 0 × 0).
  for (const box of await page.locator('figure svg').evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect().width))) {
    assert.ok(box > 100, `figure width ${box}`)
  }
  assert.deepEqual(await accessibilityProblems(page), [])
  await screenshot(page, 'report-annual-1280')
  // Printed on A4: Chromium's own PDF has several pages.
  const pdf = await page.pdf({ format: 'A4' })
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length
  assert.ok(pages >= 5, `printed pages: ${pages}`)

  const phone = await open(url, { width: 390, height: 844 })
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone`)
  assert.deepEqual(phone.problems, [])
  await screenshot(phone, 'report-annual-390')
})

test('a fact sheet in English names its sections in English and keeps the cluster’s own name', async () => {
  const [[id, name]] = sql(server.db, "SELECT id, name FROM cluster WHERE status IN ('pilot','recognised') ORDER BY id LIMIT 1")
  const url = await download(`/api/v1/reports/clusters/${id}?format=html&lang=en`, 'sheet.html')
  const page = await open(url)
  assert.deepEqual(page.requests, [url])
  assert.deepEqual(page.problems, [])
  assert.equal(await page.locator('html').getAttribute('lang'), 'en')
  assert.equal((await page.locator('h2').first().innerText()).trim(), name)
  const sections = await page.locator('h4').allInnerTexts()
  for (const s of ['Evaluation', 'Status history', 'Leading enterprises']) assert.ok(sections.includes(s), `${s} in ${sections}`)
  assert.deepEqual(await accessibilityProblems(page), [])
  await screenshot(page, 'report-fact-sheet-en')
})

test('the cluster page links the province to its cluster’s fact sheet, which the server renders', async () => {
  const page = await openPage(browser)
  await signIn(page, server, 'province')
  const [[id, name]] = sql(server.db, `SELECT c.id, c.name FROM cluster c JOIN account a ON a.province_code = c.province_code
    WHERE a.login = 'demo-province' AND c.status IN ('pilot','recognised','cultivation','warned') ORDER BY c.id LIMIT 1`)
  await page.goto(`${server.url}/#/clusters/${id}`)
  const link = page.locator('.report-links a', { hasText: 'PDF' })
  await link.waitFor()
  const href = await link.getAttribute('href')
  assert.equal(href, `/api/v1/reports/clusters/${id}?format=pdf&lang=zh`)
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
  const file = await download.path()
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
  assert.ok(text.includes(name), 'the sheet is the cluster’s')
  assert.deepEqual(page.problems, [])
})
