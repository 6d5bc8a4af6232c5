// The public overview in a real browser: the map draws every province and a point for each
// cluster in the programme whose zone has coordinates (counted with the sqlite3 shell), the
// national figures agree with the database, a province's click lists its clusters, the language
// switch changes the labels, nothing unreadable shows, and axe finds no serious problem — at
// 1280 px and on a 390 px phone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { accessibilityProblems, browser, chartOption, openPage, screenshot, serveForThisFile,
  server, sql, unreadable } from './harness.mjs'

serveForThisFile()

const inProgramme = "('cultivation','pilot','recognised','warned')"
// A cluster's status at the end of year y: its last status change dated by then.
const statusAt = (y) => `(SELECT s.status FROM cluster_status_change s WHERE s.cluster_id = c.id
  AND s.date <= '${y}-12-31' ORDER BY s.date DESC, s.id DESC LIMIT 1)`
const latestYear = () => Number(sql(server.db, 'SELECT max(year) FROM enterprise_year')[0][0])
const mapDrawn = () => document.querySelector('figure.chart .chart-box')?.chart?.getOption()?.series?.length === 2

test('the map shades the provinces and puts each cluster at its zone', async () => {
  const page = await openPage(browser)
  await page.goto(server.url + '/')
  const map = page.locator('figure.chart').first()
  await page.waitForFunction(mapDrawn)
  const option = await chartOption(map)
  // Points: the clusters in the programme at the end of the latest year whose zone has
  // coordinates.
  const y = latestYear()
  const [[points]] = sql(server.db, `SELECT count(*) FROM cluster c JOIN zone z ON z.id = c.zone_id
    WHERE ${statusAt(y)} IN ${inProgramme} AND z.lat IS NOT NULL AND z.lon IS NOT NULL`)
  assert.ok(Number(points) > 100)
  assert.equal(option.series[1].data.length, Number(points))
  // Provinces: each with a cluster has a value; the map file draws at least 31 of them.
  const [[withClusters]] = sql(server.db, `SELECT count(DISTINCT c.province_code) FROM cluster c WHERE ${statusAt(y)} IN ${inProgramme}`)
  // (ECharts gives every shape of the map an entry; those with a value are the data's.)
  const shaded = option.series[0].data.filter((d) => d.value !== null && d.value !== undefined)
  assert.equal(shaded.length, Number(withClusters))
  const regions = await map.locator('svg path').count()
  assert.ok(regions >= 31 + Number(points), `${regions} shapes drawn`)
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

test('clicking a province lists its clusters; a cluster’s row opens its page', async () => {
  const page = await openPage(browser)
  await page.goto(server.url + '/')
  await page.waitForFunction(mapDrawn)
  // A real click on western Hubei (110.5°E 31.3°N, near Shennongjia), away from every zone's dot.
  const box = page.locator('figure.chart .chart-box').first()
  const [x, y] = await box.evaluate((el) => el.chart.convertToPixel({ geoIndex: 0 }, [110.5, 31.3]))
  const at = await box.boundingBox()
  await page.mouse.click(at.x + x, at.y + y)
  await page.getByRole('heading', { name: /湖北的集群/ }).waitFor()
  const expected = sql(server.db, `SELECT count(*) FROM cluster c WHERE c.province_code = '420000' AND ${statusAt(latestYear())} IN ${inProgramme}`)[0][0]
  assert.ok(await page.getByText(`湖北的集群（${expected} 个）`).isVisible())
  const first = page.locator('.table-wrap tbody tr').first()
  assert.ok((await first.innerText()).includes('湖北'))
  await first.locator('a').click()
  await page.waitForURL(/#\/clusters\/\d+$/)
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
  const width = await map.locator('.chart-box').evaluate((el) => el.chart.getWidth())
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
