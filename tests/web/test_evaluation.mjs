// The evaluation page in a real browser: the administrator runs torch-iic for the latest year
// with an uncertainty analysis; the ranking's first ten units, their ranks and scores (as shown,
// two decimals) are those `clusteratlas evaluate --system torch-iic --format json` gives (the CLI
// is the independent path); the uncertainty plot draws one interval per ranked unit; the ranking
// downloads as a CSV whose rows are the table's. The administrator stores a run and the analyst
// reads its ranking; a province reads its own clusters' part. English labels, axe, the phone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { accessibilityProblems, browser, chartOption, cli, openPage, screenshot, serveForThisFile,
  server, signIn, sql, unreadable } from './harness.mjs'

let expected
serveForThisFile(() => {
  // The CLI's ranking (it stores its run too, as every database run of the verb does).
  const doc = JSON.parse(cli(server.db, 'evaluate', '--system', 'torch-iic', '--format', 'json'))
  const ranked = doc.units.filter((u) => u.rank !== null).sort((a, b) => a.rank - b.rank)
  const gates = doc.gates.map((g) => g.id)
  const outcome = (u, state) => gates.filter((g) => u.gates[g] === state)
  expected = {
    // Each unit's gates as the table shows them: passed of all, the failed and undecided ones.
    gates: new Map(doc.units.map((u) => [u.name, [`${outcome(u, 'pass').length}/${gates.length}`,
      outcome(u, 'fail').join(', ') || '—', outcome(u, 'undecided').join(', ') || '—']])),
    ranked: ranked.length,
    units: doc.units.length,
    top: ranked.slice(0, 10).map((u) => [String(u.rank), u.name, u.final_score.toFixed(2)]),
  }
})

async function tableCells(locator) {
  return locator.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())))
}

// RFC 4180 fields (quoted fields may hold commas, quotes and line breaks).
function parseCsv(text) {
  const rows = []
  let row = [], field = '', quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++ }
      else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') { row.push(field); field = '' }
    else if (ch === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = '' }
    else field += ch
  }
  if (field || row.length) { row.push(field); rows.push(row) }
  return rows
}

test('the administrator runs torch-iic with an uncertainty analysis: the CLI’s ranking, one interval per unit, a CSV', async () => {
  const page = await openPage(browser)
  await signIn(page, server, 'admin')
  await page.goto(`${server.url}/#/evaluation`)
  await page.locator('#eval-system option[value="torch-iic"]').waitFor({ state: 'attached' })
  assert.equal(await page.locator('#eval-year').inputValue(), '0') // the latest year
  await page.locator('#eval-uncertainty').selectOption('200')
  await page.getByRole('button', { name: '运行', exact: true }).click()
  const table = page.locator('.eval-ranking')
  await table.locator('tbody tr').first().waitFor({ timeout: 120000 })

  const rows = await tableCells(table)
  assert.equal(rows.length, expected.units)
  assert.deepEqual(rows.slice(0, 10).map((r) => r.slice(0, 3)), expected.top)
  // Every unit's gates passed, failed and undecided are the CLI's; a ranked unit failed none
  // (torch-iic's gates exclude), the units left out come last without a rank.
  for (const r of rows) assert.deepEqual(r.slice(4, 7), expected.gates.get(r[1]), r.join(' | '))
  for (const r of rows.slice(0, expected.ranked)) assert.equal(r[5], '—')
  for (const r of rows.slice(expected.ranked)) assert.equal(r[0], '—')

  // The plot: one interval (5%–95% ranks) per ranked unit, the median inside it.
  const plot = page.locator('.eval-intervals figure')
  await page.waitForFunction(() => document.querySelector('.eval-intervals .chart-box')?.chart?.getOption()?.series?.length === 3)
  const option = await chartOption(plot)
  assert.equal(option.series[0].type, 'custom')
  assert.equal(option.series[0].data.length, expected.ranked)
  const medians = option.series[1].data
  option.series[0].data.forEach(([i, lo, hi], k) => {
    assert.equal(i, k)
    assert.ok(lo >= 1 && lo <= hi && hi <= expected.ranked, `interval ${lo}–${hi}`)
    assert.ok(medians[k][0] >= lo && medians[k][0] <= hi)
  })
  assert.deepEqual(option.yAxis[0].data.slice(0, 10), expected.top.map((r) => r[1]))
  // Drawn, not only configured: three strokes an interval (the line and its two ends) and a dot
  // for each median (a legend's key may add one of each).
  const strokes = await plot.locator('svg path[stroke="#0b5cad"]').count()
  assert.ok(strokes >= 3 * expected.ranked && strokes <= 3 * expected.ranked + 1, `${strokes} strokes`)
  const dots = await plot.locator('svg path[fill="#c2410c"]').count()
  assert.ok(dots >= expected.ranked && dots <= expected.ranked + 1, `${dots} medians`)

  // The CSV download: the table's rows, in its order, the scores as the table rounds them.
  const [download] = await Promise.all([page.waitForEvent('download'), table.getByRole('button', { name: 'CSV' }).click()])
  assert.match(download.suggestedFilename(), /^ranking-torch-iic-\d{4}\.csv$/)
  const csv = parseCsv(readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, ''))
  assert.deepEqual(csv[0].slice(0, 3), ['排名', '集群', '得分'])
  const body = csv.slice(1)
  assert.equal(body.length, rows.length)
  body.forEach((c, k) => {
    assert.equal(c[0] || '—', rows[k][0])
    assert.equal(c[1], rows[k][1])
    assert.equal(Number(c[2]).toFixed(2), rows[k][2].replace(/,/g, ''))
  })

  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  assert.deepEqual(page.problems, [])
  await screenshot(page, 'evaluation-admin-uncertainty')
})

test('a stored run is read by the analyst and, for its own clusters, by the province', async () => {
  const admin = await openPage(browser)
  await signIn(admin, server, 'admin')
  await admin.goto(`${server.url}/#/evaluation`)
  await admin.locator('#eval-system option[value="torch-iic"]').waitFor({ state: 'attached' })
  await admin.locator('#eval-store').check()
  await admin.locator('#eval-reason').fill('年度评价（浏览器测试）')
  await admin.getByRole('button', { name: '运行', exact: true }).click()
  await admin.getByText(/已保存为第 \d+ 次评价/).waitFor()
  const [[runId, operator]] = sql(server.db, 'SELECT id, operator FROM evaluation_run ORDER BY id DESC LIMIT 1')
  assert.equal(operator, 'demo-admin')
  const [[reason]] = sql(server.db, `SELECT reason FROM audit_log WHERE entity = 'evaluation_run' AND entity_key = '${runId}'`)
  assert.ok(await admin.getByText(`已保存为第 ${runId} 次评价`).isVisible())
  assert.equal(reason, '年度评价（浏览器测试）')
  await admin.context().close()

  const page = await openPage(browser)
  await signIn(page, server, 'analyst')
  await page.goto(`${server.url}/#/evaluation`)
  await page.getByText('评价由管理员运行并保存').waitFor()
  assert.equal(await page.getByRole('button', { name: '运行', exact: true }).count(), 0)
  await page.locator(`#eval-show-run option[value="${runId}"]`).waitFor({ state: 'attached' })
  await page.locator('#eval-show-run').selectOption(String(runId))
  const table = page.locator('.eval-run-ranking')
  await table.locator('tbody tr').first().waitFor()
  const rows = await tableCells(table)
  assert.deepEqual(rows.slice(0, 10).map((r) => r.slice(0, 3)), expected.top)

  // The CLI's run and the stored one, side by side: the same data, so nobody moved.
  const [[cliRun]] = sql(server.db, `SELECT min(id) FROM evaluation_run`)
  await page.locator('#eval-run-a').selectOption(cliRun)
  await page.locator('#eval-run-b').selectOption(String(runId))
  await page.getByRole('button', { name: '比较' }).click()
  await page.locator('.eval-comparison tbody tr').first().waitFor()
  const compared = await tableCells(page.locator('.eval-comparison'))
  assert.equal(compared.length, expected.units)
  for (const r of compared) assert.ok(r[3] === '0' || r[3] === '—', r.join(' | '))
  assert.equal(compared.filter((r) => r[3] === '0').length, expected.ranked)
  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  assert.deepEqual(page.problems, [])
  await screenshot(page, 'evaluation-analyst-runs')
  await page.context().close()

  // The province (北京 110000) reads the run's rows of its own clusters only.
  const province = await openPage(browser)
  await signIn(province, server, 'province')
  await province.goto(`${server.url}/#/evaluation`)
  await province.locator(`#eval-show-run option[value="${runId}"]`).waitFor({ state: 'attached' })
  await province.locator('#eval-show-run').selectOption(String(runId))
  await province.locator('.eval-run-ranking tbody tr').first().waitFor()
  const own = (await tableCells(province.locator('.eval-run-ranking'))).map((r) => r[1]).sort()
  const beijing = sql(server.db, `SELECT name FROM cluster WHERE province_code = '110000'`).map((r) => r[0])
  assert.ok(own.length >= 1)
  for (const name of own) assert.ok(beijing.includes(name), `${name} is not 北京's`)
  assert.deepEqual(province.problems, [])
})

test('one switch changes the labels to English; the phone fits', async () => {
  const page = await openPage(browser)
  await signIn(page, server, 'admin')
  await page.goto(`${server.url}/#/evaluation`)
  await page.locator('#eval-system option[value="torch-iic"]').waitFor({ state: 'attached' })
  await page.getByRole('button', { name: '运行', exact: true }).click()
  await page.locator('.eval-ranking tbody tr').first().waitFor()
  await page.getByRole('button', { name: '切换到英文' }).click()
  await page.getByRole('heading', { name: 'Cluster evaluation', exact: true }).waitFor()
  const labels = await page.locator('h1, h2, h3, label, th').evaluateAll((els) => els.map((el) =>
    [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE || n.tagName === 'BUTTON').map((n) => n.textContent).join('').trim()))
  for (const label of labels) assert.doesNotMatch(label, /[\u4e00-\u9fff]/, label)
  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  await screenshot(page, 'evaluation-admin-en')
  await page.context().close()

  const phone = await openPage(browser, { width: 390, height: 844 })
  await signIn(phone, server, 'admin')
  await phone.goto(`${server.url}/#/evaluation`)
  await phone.locator('#eval-system option[value="torch-iic"]').waitFor({ state: 'attached' })
  await phone.locator('#eval-uncertainty').selectOption('200')
  await phone.getByRole('button', { name: '运行', exact: true }).click()
  await phone.waitForFunction(() => document.querySelector('.eval-intervals .chart-box')?.chart?.getOption()?.series?.length === 3, null, { timeout: 120000 })
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`)
  assert.deepEqual(await accessibilityProblems(phone), [])
  await screenshot(phone, 'evaluation-admin-390')
})
