// A cluster's page in a real browser: the status history shows every status change of the
// cluster with its 文号 (and its renames), the figures of the latest year are the database's own
// sums over the cluster's firms (the sqlite3 shell), the administrator sees the evaluation and the
// enterprises while the analyst sees the evaluation's explanation but no enterprise row, the public
// sees the programme's published card and is asked to sign in; the language switch changes every
// label; nothing unreadable shows and axe finds no serious problem, at 1280 px and on a phone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { accessibilityProblems, browser, chartOption, openPage, screenshot, serveForThisFile,
  server, signIn, sql, unreadable } from './harness.mjs'

serveForThisFile()

// Cluster 12 was renamed (a cluster_event) besides its status changes.
const ID = 12
const open = async (page, id = ID) => {
  await page.goto(`${server.url}/#/clusters/${id}`)
}
const latestYear = (id) => Number(sql(server.db, `SELECT max(year) FROM enterprise_year WHERE cluster_id = ${id} AND current = 1`)[0][0])
// 110353418042.56 yuan → "1,103.5 亿元", as the page writes money in Chinese.
const yi = (v) => `${(v / 1e8).toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} 亿元`

test('the administrator sees the history with its 文号, the year’s figures, the evaluation and the firms', async () => {
  const page = await openPage(browser)
  await signIn(page, server, 'admin')
  await open(page)
  const [[name]] = sql(server.db, `SELECT name FROM cluster WHERE id = ${ID}`)
  await page.getByRole('heading', { level: 1, name }).waitFor()

  // History: one entry per status change (and per rename, re-scope, correction), in date order,
  // each status change with the document number the database holds.
  const changes = sql(server.db, `SELECT date, doc_no FROM cluster_status_change WHERE cluster_id = ${ID} ORDER BY date, id`)
  const [[events]] = sql(server.db, `SELECT count(*) FROM cluster_event WHERE cluster_id = ${ID}`)
  const [[corrections]] = sql(server.db, `SELECT count(*) FROM cluster_status_correction WHERE cluster_id = ${ID}`)
  assert.ok(changes.length >= 2 && Number(events) >= 1, 'the chosen cluster has a history worth showing')
  const entries = page.locator('ol.timeline > li')
  await entries.first().waitFor()
  assert.equal(await entries.count(), changes.length + Number(events) + Number(corrections))
  const statusEntries = page.locator('ol.timeline > li[data-change="status"]')
  assert.equal(await statusEntries.count(), changes.length)
  for (let i = 0; i < changes.length; i++) {
    const text = await statusEntries.nth(i).innerText()
    assert.ok(text.includes(changes[i][0]), `${text} has ${changes[i][0]}`)
    assert.ok(text.includes(changes[i][1]), `${text} has ${changes[i][1]}`)
  }

  // The latest year's figures, summed independently over the cluster's firms.
  const y = latestYear(ID)
  const [[firms, revenue, employment]] = sql(server.db, `SELECT count(*), sum(revenue), sum(employment)
    FROM enterprise_year WHERE cluster_id = ${ID} AND year = ${y} AND current = 1`)
  await page.getByRole('heading', { name: `${y} 年主要指标` }).waitFor()
  const kpi = async (m) => (await page.locator(`.cluster-kpis .kpi[data-metric="${m}"] dd`).innerText()).trim()
  assert.match(await kpi('firms'), new RegExp(`^${Number(firms).toLocaleString('zh-CN')}\\b`))
  assert.ok((await kpi('revenue_yuan')).startsWith(yi(Number(revenue))), `${await kpi('revenue_yuan')} vs ${yi(Number(revenue))}`)
  assert.ok((await kpi('employment')).startsWith(Math.round(Number(employment)).toLocaleString('zh-CN')))
  // The trend chart draws one point per year with figures.
  const [[years]] = sql(server.db, `SELECT count(DISTINCT year) FROM enterprise_year WHERE cluster_id = ${ID} AND current = 1`)
  const trend = await chartOption(page.locator('figure.chart').first())
  assert.equal(trend.series[0].data.length, Number(years))
  assert.equal(Math.round(trend.series[0].data.at(-1)), Math.round(Number(revenue)))
  // Drawn, not only configured: its line and a point for each year.
  assert.equal(await page.locator('figure.chart').first().locator('svg path[stroke="#0b5cad"]').count(), 1 + Number(years))

  // The evaluation: a score, the four gates of torch-iic, the dimensions beside the median, the
  // explanation of each indicator (23 in torch-iic).
  await page.locator('.eval-kpis').waitFor()
  assert.match(await page.locator('.eval-kpis .kpi').first().locator('dd').innerText(), /^\d+(\.\d)?$/)
  assert.equal(await page.locator('ul.gates > li').count(), 4)
  const dims = await chartOption(page.locator('figure.chart').nth(1))
  assert.equal(dims.series.length, 2, 'this cluster and the national median')
  assert.equal(dims.series[0].data.length, 5)
  // Drawn: a bar for each dimension with a score and each median, as long as its figure on the
  // one 0–100 axis (the legend's keys, in the chart's top 30 px, left out).
  const chart = page.locator('figure.chart').nth(1).locator('.chart-box')
  const top = (await chart.boundingBox()).y
  for (const [colour, series] of [['#0b5cad', dims.series[0]], ['#9aa4b2', dims.series[1]]]) {
    const widths = []
    for (const bar of await chart.locator(`svg path[fill="${colour}"]`).all()) {
      const box = await bar.boundingBox()
      if (box.y > top + 30) widths.push(box.width)
    }
    const figures = series.data.filter((v) => v !== null && v > 0)
    assert.equal(widths.length, figures.length, colour)
    const perPoint = widths.map((w, i) => w / figures[i])
    for (const each of perPoint) assert.ok(Math.abs(each / perPoint[0] - 1) < 0.02, `${colour}: ${perPoint}`)
  }

  // The enterprises of the year: every firm of the cluster that year.
  const table = page.locator('.enterprise-table')
  await table.locator('tbody tr').first().waitFor()
  assert.equal(await table.locator('tbody tr').count(), Math.min(Number(firms), 500))
  assert.equal(await page.locator('.enterprises-denied').count(), 0)

  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  assert.deepEqual(page.problems, [])
  await screenshot(page, 'cluster-admin-zh-1280')
})

test('the analyst sees the explanation but no enterprise row: a message says why', async () => {
  const page = await openPage(browser)
  await signIn(page, server, 'analyst')
  await open(page)
  await page.locator('ol.timeline > li').first().waitFor()
  await page.locator('.enterprises-denied').waitFor()
  assert.match(await page.locator('.enterprises-denied').innerText(), /无权查看企业级数据/)
  assert.equal(await page.locator('.enterprise-table').count(), 0)
  // No table anywhere lists a firm's credit code.
  const codes = sql(server.db, `SELECT credit_code FROM enterprise_year WHERE cluster_id = ${ID} AND current = 1 LIMIT 5`).map((r) => r[0])
  const body = await page.locator('body').innerText()
  for (const c of codes) assert.ok(!body.includes(c), `${c} shown to the analyst`)
  // The explanation of the cluster's indicators is the analyst's to read.
  await page.getByRole('heading', { name: '指标解释' }).waitFor()
  assert.ok((await page.locator('table').filter({ hasText: '同类名次' }).locator('tbody tr').count()) > 10)
  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  assert.deepEqual(page.problems, [])
  await screenshot(page, 'cluster-analyst-zh-1280')
})

test('the public sees the published card and is asked to sign in', async () => {
  const page = await openPage(browser)
  await open(page, 1)
  const [[name, zone]] = sql(server.db, 'SELECT c.name, z.name FROM cluster c JOIN zone z ON z.id = c.zone_id WHERE c.id = 1')
  await page.getByRole('heading', { level: 1, name }).waitFor()
  assert.ok((await page.locator('.public-card').innerText()).includes(zone))
  assert.ok(await page.locator('.signin-more').isVisible())
  assert.equal(await page.locator('ol.timeline').count(), 0)
  assert.equal(await page.locator('table').count(), 0)
  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  assert.deepEqual(page.problems, [])
  await screenshot(page, 'cluster-public-zh-1280')
})

test('the language switch gives English labels', async () => {
  const page = await openPage(browser)
  await signIn(page, server, 'admin')
  await open(page)
  await page.locator('.eval-kpis').waitFor()
  await page.locator('.enterprise-table tbody tr').first().waitFor()
  await page.getByRole('button', { name: '切换到英文' }).click()
  await page.getByRole('heading', { name: 'Status history' }).waitFor()
  // Only the data's own names (the cluster, zone, industry, firms, 文号) stay Chinese.
  const labels = await page.locator('h2, h3, th, dt, label, nav a, figcaption .chart-title').allInnerTexts()
  for (const label of labels) assert.doesNotMatch(label, /[\u4e00-\u9fff]/, label)
  assert.deepEqual(await unreadable(page), [])
  await screenshot(page, 'cluster-admin-en-1280')
})

test('on a 390 px phone the page fits and stays accessible', async () => {
  const page = await openPage(browser, { width: 390, height: 844 })
  await signIn(page, server, 'admin')
  await open(page)
  await page.locator('.enterprise-table tbody tr').first().waitFor()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`)
  assert.deepEqual(await accessibilityProblems(page), [])
  await screenshot(page, 'cluster-admin-zh-390')
})
