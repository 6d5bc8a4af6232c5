// The public overview in a real browser: the map draws every province and a point for each
// cluster in the programme whose zone has coordinates (counted with the sqlite3 shell), the
// national figures agree with the database, a province's click (or Enter) lists its clusters, the language
// switch changes the labels, nothing unreadable shows, and axe finds no serious problem — at
// 1280 px and on a 390 px phone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { accessibilityProblems, browser, openPage, screenshot, serveForThisFile,
  server, sql, unreadable } from './harness.mjs'

serveForThisFile()

const inProgramme = "('cultivation','pilot','recognised','warned')"
// A cluster's status at the end of year y: its last status change dated by then.
const statusAt = (y) => `(SELECT s.status FROM cluster_status_change s WHERE s.cluster_id = c.id
  AND s.date <= '${y}-12-31' ORDER BY s.date DESC, s.id DESC LIMIT 1)`
const latestYear = () => Number(sql(server.db, 'SELECT max(year) FROM enterprise_year')[0][0])
// The map is drawn: every province's shape and the clusters' points in its SVG.
const mapDrawn = () => document.querySelectorAll('figure.chart svg path.province').length >= 31 &&
  document.querySelector('figure.chart svg circle.point') !== null
// A shape's fill as the page drew it, as #rrggbb.
const fills = (map) => map.locator('svg path[data-province]').evaluateAll((paths) =>
  Object.fromEntries(paths.map((p) => [p.dataset.province, p.getAttribute('fill')])))

test('the map shades the provinces and puts each cluster at its zone', async () => {
  const page = await openPage(browser)
  await page.goto(server.url + '/')
  const map = page.locator('figure.chart').first()
  await page.waitForFunction(mapDrawn)
  // Points: the clusters in the programme at the end of the latest year whose zone has
  // coordinates.
  const y = latestYear()
  const [[points]] = sql(server.db, `SELECT count(*) FROM cluster c JOIN zone z ON z.id = c.zone_id
    WHERE ${statusAt(y)} IN ${inProgramme} AND z.lat IS NOT NULL AND z.lon IS NOT NULL`)
  assert.ok(Number(points) > 100)
  assert.equal(await map.locator('svg circle.point').count(), Number(points))
  // Provinces: the map file draws at least 31; each with a cluster is shaded, on one scale from
  // the palest blue (fewest clusters) to the darkest (most), and the others are left blank.
  assert.ok(await map.locator('svg path.province').count() >= 31)
  const counts = new Map(sql(server.db, `SELECT substr(c.province_code, 1, 2), count(*) FROM cluster c
    WHERE ${statusAt(y)} IN ${inProgramme} GROUP BY 1`).map(([p, n]) => [p, Number(n)]))
  const drawn = await fills(map)
  const shaded = Object.entries(drawn).filter(([, fill]) => fill !== '#eef1f5')
  assert.deepEqual(shaded.map(([p]) => p).sort(), [...counts.keys()].sort())
  const most = Math.max(...counts.values()), fewest = Math.min(...counts.values())
  for (const [p, n] of counts) {
    if (n === most) assert.equal(drawn[p], '#0b5cad', `province ${p}, ${n} clusters`)
    if (n === fewest) assert.equal(drawn[p], '#dbe8f6', `province ${p}, ${n} clusters`)
  }
  // More clusters, a darker blue (its blue channel falls from 0xf6 to 0xad).
  const blue = (p) => parseInt(drawn[p].slice(5, 7), 16)
  const byCount = [...counts.keys()].sort((a, b) => counts.get(a) - counts.get(b))
  for (let i = 1; i < byCount.length; i++) assert.ok(blue(byCount[i]) <= blue(byCount[i - 1]), byCount.slice(i - 1, i + 1).join(' '))
  // Each dot is drawn inside its zone's province: the map file's shapes and the zones'
  // coordinates (both real places) meet, so both are decoded and projected alike. A zone on the
  // coast may fall just outside the file's simplified shoreline: nearly all, not all.
  const provinceOf = new Map(sql(server.db, 'SELECT c.id, substr(c.province_code, 1, 2) FROM cluster c')
    .map(([id, p]) => [id, p]))
  const placed = await map.locator('svg circle.point').evaluateAll((dots) => dots.map((d) => {
    const at = new DOMPoint(d.cx.baseVal.value, d.cy.baseVal.value)
    const shape = [...d.ownerSVGElement.querySelectorAll('path[data-province]')].find((p) => p.isPointInFill(at))
    return [d.dataset.id, shape?.dataset.province]
  }))
  const inside = placed.filter(([id, p]) => p === provinceOf.get(id)).length
  assert.ok(inside >= 0.95 * placed.length, `${inside} of ${placed.length} dots in their province`)
  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  assert.deepEqual(page.problems, [])
  await screenshot(page, 'overview-zh-1280')
})

test('the national figures are the database’s, with the change from the year before', async () => {
  const page = await openPage(browser)
  await page.goto(server.url + '/')
  const clusters = page.locator('.kpi').first()
  await clusters.locator('dd').waitFor()
  await page.waitForFunction(() => !document.querySelector('.kpi dd').textContent.startsWith('—'))
  // Clusters in the programme at the end of the latest year and of the year before.
  const year = latestYear()
  const count = (y) => Number(sql(server.db, `SELECT count(*) FROM cluster c WHERE ${statusAt(y)} IN ${inProgramme}`)[0][0])
  const now = count(year), before = count(year - 1)
  const text = await clusters.locator('dd').innerText()
  assert.match(text, new RegExp(`^${now}\\b`))
  const change = (((now - before) / before) * 100).toFixed(1)
  assert.ok(text.includes(`${now >= before ? '+' : '−'}${Math.abs(change)}%`), `${text} vs ${change}`)
})

// The shapes a chart drew in its SVG with this fill or stroke, and their sizes on the page.
const drawn = (chart, attribute, colour) => chart.locator(`svg path[${attribute}="${colour}"]`)

test('the trend and the breakdowns draw their figures, not only their axes', async () => {
  const page = await openPage(browser)
  await page.goto(server.url + '/')
  const charts = page.locator('figure.chart')
  // By region: a bar per region with clusters, as tall as its count (clusters in the programme
  // at the end of the latest year, counted with the sqlite3 shell).
  const counts = sql(server.db, `SELECT p.region, count(*) FROM cluster c JOIN province p ON p.code = c.province_code
    WHERE ${statusAt(latestYear())} IN ${inProgramme} AND p.region <> 'none' GROUP BY p.region`)
  const bars = drawn(charts.nth(3), 'fill', '#6d3fa0')
  await bars.first().waitFor()
  assert.equal(await bars.count(), counts.length)
  // Each bar's height over its region's count is the same for all: one scale, from zero.
  const heights = await Promise.all((await bars.all()).map(async (bar) => (await bar.boundingBox()).height))
  const ratios = heights.sort((a, b) => a - b).map((h, i) => h / counts.map(([, n]) => Number(n)).sort((a, b) => a - b)[i])
  for (const each of ratios) assert.ok(Math.abs(each / ratios[0] - 1) < 0.02, `bar height per cluster: ${ratios}`)
  // The trend: its line and a point for each year of data.
  const [[years]] = sql(server.db, 'SELECT count(DISTINCT year) FROM enterprise_year')
  assert.equal(await drawn(charts.nth(1), 'stroke', '#0b5cad').count(), 1 + Number(years))
  // By industry: a bar for each industry (its two-digit division) with clusters, at most 15; the
  // national total is no bar.
  const [[industries]] = sql(server.db, `SELECT count(DISTINCT substr(c.industry_code, 1, 2)) FROM cluster c
    WHERE ${statusAt(latestYear())} IN ${inProgramme}`)
  assert.equal(await drawn(charts.nth(2), 'fill', '#1b6e3a').count(), Math.min(15, Number(industries)))
})

// A point of the page inside this province's shape where nothing else is drawn (no cluster's
// dot), found by asking the browser what is at each point of a grid over the shape.
const insideProvince = (map, code) => map.locator(`svg path[data-province="${code}"]`).evaluate((shape) => {
  const box = shape.getBoundingClientRect()
  for (let fy = 0.3; fy <= 0.7; fy += 0.05) {
    for (let fx = 0.3; fx <= 0.7; fx += 0.05) {
      const x = box.left + box.width * fx, y = box.top + box.height * fy
      if (document.elementFromPoint(x, y) === shape) return [x, y]
    }
  }
  return null
})

test('clicking a province lists its clusters; a cluster’s row opens its page', async () => {
  const page = await openPage(browser)
  await page.goto(server.url + '/')
  await page.waitForFunction(mapDrawn)
  const expected = sql(server.db, `SELECT count(*) FROM cluster c WHERE c.province_code = '420000' AND ${statusAt(latestYear())} IN ${inProgramme}`)[0][0]
  // A real click on Hubei, away from every zone's dot; hovering first shows its figure.
  const at = await insideProvince(page.locator('figure.chart').first(), '42')
  assert.ok(at, 'a point of Hubei with no dot on it')
  await page.mouse.move(...at)
  assert.equal(await page.locator('.map-tip').innerText(), `湖北\n集群数: ${expected}`)
  await page.mouse.click(...at)
  await page.getByRole('heading', { name: /湖北的集群/ }).waitFor()
  assert.ok(await page.getByText(`湖北的集群（${expected} 个）`).isVisible())
  const first = page.locator('.table-wrap tbody tr').first()
  assert.ok((await first.innerText()).includes('湖北'))
  await first.locator('a').click()
  await page.waitForURL(/#\/clusters\/\d+$/)
})

test('the provinces are one stop for the keyboard: arrows move, Enter lists its clusters', async () => {
  const page = await openPage(browser)
  await page.goto(server.url + '/')
  await page.waitForFunction(mapDrawn)
  const provinces = page.locator('figure.chart svg path[role="button"]')
  const count = await provinces.count()
  assert.ok(count >= 31)
  // Exactly one province is in the tab order; the arrow keys go round all of them.
  assert.equal(await page.locator('figure.chart svg path[tabindex="0"]').count(), 1)
  await page.locator('figure.chart svg path[tabindex="0"]').focus()
  const seen = new Set()
  for (let i = 0; i < count; i++) {
    seen.add(await page.evaluate(() => document.activeElement.dataset.province))
    await page.keyboard.press('ArrowRight')
  }
  assert.equal(seen.size, count)
  // Round to Hubei, then Enter.
  for (let i = 0; i < count && (await page.evaluate(() => document.activeElement.dataset.province)) !== '42'; i++) {
    await page.keyboard.press('ArrowLeft')
  }
  assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^湖北\n集群数: \d+$/)
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { name: /湖北的集群/ }).waitFor()
})

// A saved CSV or XLSX read back by Python's own csv, zipfile and XML modules: rows of texts.
function readBack(kind, path) {
  const script = `
import csv, io, json, sys, zipfile, xml.etree.ElementTree as ET
kind, path = sys.argv[1:]
if kind == 'csv':
    rows = list(csv.reader(io.open(path, encoding='utf-8-sig', newline='')))
else:
    m = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
    book = zipfile.ZipFile(path)
    shared = []
    if 'xl/sharedStrings.xml' in book.namelist():
        shared = [''.join(t.text or '' for t in si.iter(m + 't')) for si in ET.fromstring(book.read('xl/sharedStrings.xml'))]
    rows = []
    for row in ET.fromstring(book.read('xl/worksheets/sheet1.xml')).iter(m + 'row'):
        cells = []
        for c in row.iter(m + 'c'):
            v = c.find(m + 'v')
            if c.get('t') == 'inlineStr': cells.append(''.join(t.text or '' for t in c.iter(m + 't')))
            elif c.get('t') == 's': cells.append(shared[int(v.text)])
            else: cells.append(v.text if v is not None else '')
        rows.append(cells)
print(json.dumps(rows, ensure_ascii=False))
`
  const run = spawnSync('python3', ['-c', script, kind, path], { encoding: 'utf8' })
  assert.equal(run.status, 0, run.stderr)
  return JSON.parse(run.stdout)
}

test('the clusters table saves as CSV and XLSX and the map as SVG and PNG, for reports', async () => {
  const page = await openPage(browser)
  await page.goto(server.url + '/')
  await page.waitForFunction(mapDrawn)
  const saved = async (button) => {
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()])
    const path = await download.path()
    return { name: download.suggestedFilename(), path, bytes: readFileSync(path) }
  }
  // The table lists the clusters in the programme at the end of the latest year.
  const table = page.locator('.table-wrap').first()
  await table.locator('tbody tr').first().waitFor()
  const headers = await table.locator('thead th').allInnerTexts()
  const names = sql(server.db, `SELECT c.name FROM cluster c WHERE ${statusAt(latestYear())} IN ${inProgramme}`)
    .map(([name]) => name).sort()

  const csv = await saved(table.getByRole('button', { name: 'CSV' }))
  assert.equal(csv.name, 'clusters.csv')
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark, for Excel')
  const xlsx = await saved(table.getByRole('button', { name: 'XLSX' }))
  assert.equal(xlsx.name, 'clusters.xlsx')
  for (const file of [csv, xlsx]) {
    const [header, ...rows] = readBack(file.name.endsWith('.csv') ? 'csv' : 'xlsx', file.path)
    assert.deepEqual(header.map((h) => h.trim()), headers.map((h) => h.trim()), file.name)
    assert.deepEqual(rows.map((r) => r[0]).sort(), names, file.name)
  }

  const map = page.locator('figure.chart').first()
  const svg = await saved(map.getByRole('button', { name: /SVG$/ }))
  const svgText = svg.bytes.toString('utf8')
  assert.match(svgText, /^(<\?xml[^>]*>\s*)?<svg[\s>]/)
  assert.ok((svgText.match(/<path\b/g) ?? []).length >= 31, 'every province is a path')
  const png = await saved(map.getByRole('button', { name: /PNG$/ }))
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  // Drawn at twice the chart's size (IHDR: width and height, big-endian, from byte 16).
  const width = await map.locator('svg').first().evaluate((el) => Math.round(el.getBoundingClientRect().width))
  assert.equal(png.bytes.readUInt32BE(16), width * 2)
  assert.deepEqual(page.problems, [])
})

test('one switch changes every label to English', async () => {
  const page = await openPage(browser)
  await page.goto(server.url + '/')
  await page.getByRole('heading', { name: '全国创新型产业集群总览' }).waitFor()
  await page.getByRole('button', { name: '切换到英文' }).click()
  await page.getByRole('heading', { name: 'Innovative industrial clusters: national overview' }).waitFor()
  // No Chinese is left on the page but the data's own names (clusters, zones, industries).
  const labels = await page.locator('h1, h2, nav a, label, th, dt, figcaption .chart-title, .kpis dt').allInnerTexts()
  for (const label of labels) assert.doesNotMatch(label, /[\u4e00-\u9fff]/, label)
  assert.deepEqual(await unreadable(page), [])
  await screenshot(page, 'overview-en-1280')
})

test('on a 390 px phone the page fits the screen and stays accessible', async () => {
  const page = await openPage(browser, { width: 390, height: 844 })
  await page.goto(server.url + '/')
  await page.waitForFunction(mapDrawn)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`)
  assert.deepEqual(await accessibilityProblems(page), [])
  await screenshot(page, 'overview-zh-390')
})
