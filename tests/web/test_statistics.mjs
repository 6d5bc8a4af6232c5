// The statistics page in a real browser, the journey: the zone's account (中关村, its
// cluster 1) drops a 2025 enterprise file with two deliberate errors, the page lists exactly
// those two problems (row, column, value — expected by hand) and nothing is stored (counted with
// the sqlite3 shell); the fixed file, chosen again, checks clean and is imported; the database
// then has its rows and the page lists the new revision. Also: the aggregate table for the
// administrator, the English labels, axe and the 390 px phone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { accessibilityProblems, browser, openPage, screenshot, serveForThisFile, server, signIn,
  sql, unreadable } from './harness.mjs'

serveForThisFile()

const count = (q) => Number(sql(server.db, q)[0][0])
const header = '统一社会信用代码,企业名称,年份,企业角色,是否高新技术企业,营业收入(万元),从业人员(人),有效发明专利(件)'

// Three of cluster 1's firms (its 2024 rows), reported again for 2025.
function firms() {
  return sql(server.db, `SELECT e.credit_code, e.name FROM enterprise_year y JOIN enterprise e USING (credit_code)
    WHERE y.cluster_id = 1 AND y.year = 2024 AND y.current = 1 ORDER BY e.credit_code LIMIT 3`)
}
// A check character that is not the code's own (the code's last character changed).
const wrongCheck = (code) => code.slice(0, -1) + (code.at(-1) === '0' ? '1' : '0')

function csv(rows) {
  return [header, ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n'
}

async function dropFile(page, name, text) {
  await page.evaluate(({ name, text }) => {
    const dt = new DataTransfer()
    dt.items.add(new File([text], name, { type: 'text/csv' }))
    document.querySelector('.dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
  }, { name, text })
}

async function tableCells(locator) {
  return locator.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())))
}

test('the zone uploads a file with errors, sees them, fixes the file and imports it', async () => {
  const page = await openPage(browser)
  await signIn(page, server, 'zone')
  await page.goto(`${server.url}/#/statistics`)
  await page.getByRole('heading', { name: '上传统计数据' }).waitFor()
  // The zone imports for its own cluster: cluster 1 is chosen.
  await page.locator('#import-cluster option[value="1"]').waitFor({ state: 'attached' })
  assert.equal(await page.locator('#import-cluster').inputValue(), '1')
  await page.locator('#import-year').selectOption('2025')

  const [a, b, c] = firms()
  assert.ok(a && b && c, 'cluster 1 has firms in 2024')
  const revisionsBefore = count('SELECT count(*) FROM import_revision')
  assert.equal(count('SELECT count(*) FROM enterprise_year WHERE year = 2025'), 0)

  // Line 3 (the second firm): a negative revenue; line 4 (the third): a wrong check character.
  const bad = csv([
    [a[0], a[1], 2025, '骨干', '是', 140000, 2700, 30],
    [b[0], b[1], 2025, '其他', '是', -5300, 130, 2],
    [wrongCheck(c[0]), c[1], 2025, '其他', '否', 8200, 85, 1],
  ])
  await dropFile(page, '2025企业数据.csv', bad)
  await page.locator('.stats-report').waitFor()
  await page.getByText('文件有 2 个错误，未写入任何数据').waitFor()
  const problems = await tableCells(page.locator('.stats-problems'))
  assert.deepEqual(problems.map((r) => r.slice(0, 3)), [
    ['3', '营业收入(万元)', '-5300'],
    ['4', '统一社会信用代码', wrongCheck(c[0])],
  ])
  for (const r of problems) assert.ok(r[3].length > 3, `a reason is given: ${r}`)
  assert.equal(await page.getByRole('button', { name: '提交导入' }).count(), 0)
  // The dry run stored nothing.
  assert.equal(count('SELECT count(*) FROM import_revision'), revisionsBefore)
  assert.equal(count('SELECT count(*) FROM enterprise_year WHERE year = 2025'), 0)
  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  await screenshot(page, 'statistics-zone-errors')

  // The fixed file, chosen with the file input this time.
  const good = csv([
    [a[0], a[1], 2025, '骨干', '是', 140000, 2700, 30],
    [b[0], b[1], 2025, '其他', '是', 5300, 130, 2],
    [c[0], c[1], 2025, '其他', '否', 8200, 85, 1],
  ])
  await page.locator('#import-file').setInputFiles({ name: '2025企业数据-修正.csv', mimeType: 'text/csv', buffer: Buffer.from(good) })
  await page.getByText('检查通过，没有错误').waitFor()
  assert.equal(await page.locator('.stats-problems').count(), 0)
  assert.equal(count('SELECT count(*) FROM enterprise_year WHERE year = 2025'), 0)
  await screenshot(page, 'statistics-zone-clean')
  await page.getByRole('button', { name: '提交导入' }).click()
  await page.getByText(/已导入，版本号 \d+/).waitFor()

  // The database has the three rows, in yuan, under one new revision by the zone's account.
  assert.equal(count('SELECT count(*) FROM import_revision'), revisionsBefore + 1)
  const [[revision, operator, file]] = sql(server.db, 'SELECT id, operator, file_name FROM import_revision ORDER BY id DESC LIMIT 1')
  assert.equal(operator, 'demo-zone')
  assert.equal(file, '2025企业数据-修正.csv')
  const stored = sql(server.db, `SELECT credit_code, cluster_id, revenue, employment FROM enterprise_year
    WHERE year = 2025 AND current = 1 ORDER BY credit_code`)
  assert.deepEqual(stored, [
    [a[0], '1', String(140000 * 1e4) + '.0', '2700.0'],
    [b[0], '1', String(5300 * 1e4) + '.0', '130.0'],
    [c[0], '1', String(8200 * 1e4) + '.0', '85.0'],
  ])
  assert.ok(await page.getByText(`已导入，版本号 ${revision}（3 行）`).isVisible())
  // The page lists the new revision at the top of the history (read again after the message).
  await page.locator('.stats-history tbody tr:first-child td:first-child', { hasText: new RegExp(`^${revision}$`) }).waitFor()
  const history = await tableCells(page.locator('.stats-history'))
  assert.equal(history[0][0], revision)
  assert.equal(history[0][3], '2025企业数据-修正.csv')
  assert.equal(history[0][6], 'demo-zone')
  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  assert.deepEqual(page.problems, [])
  await screenshot(page, 'statistics-zone-committed')
})

test('the administrator corrects the zone’s file and reads the change between the revisions', async () => {
  // After the zone's import above: the administrator imports the same firms with the first
  // one's revenue corrected (140,000 → 150,000 万元); the diff lists that one field.
  const page = await openPage(browser)
  await signIn(page, server, 'admin')
  await page.goto(`${server.url}/#/statistics`)
  await page.locator('#import-cluster option[value="1"]').waitFor({ state: 'attached' })
  await page.locator('#import-cluster').selectOption('1')
  await page.locator('#import-year').selectOption('2025')
  const [a, b, c] = firms()
  const corrected = csv([
    [a[0], a[1], 2025, '骨干', '是', 150000, 2700, 30],
    [b[0], b[1], 2025, '其他', '是', 5300, 130, 2],
    [c[0], c[1], 2025, '其他', '否', 8200, 85, 1],
  ])
  await page.locator('#import-file').setInputFiles({ name: '2025企业数据-更正.csv', mimeType: 'text/csv', buffer: Buffer.from(corrected) })
  await page.getByText('检查通过，没有错误').waitFor()
  await page.getByRole('button', { name: '提交导入' }).click()
  await page.getByText(/已导入，版本号 \d+/).waitFor()
  const [[newer], [older]] = sql(server.db, 'SELECT id FROM import_revision ORDER BY id DESC LIMIT 2')
  await page.locator(`#diff-to option[value="${newer}"]`).waitFor({ state: 'attached' })
  assert.equal(await page.locator('#diff-to').inputValue(), newer)
  assert.equal(await page.locator('#diff-from').inputValue(), older)
  await page.getByRole('button', { name: '比较' }).click()
  await page.locator('.stats-diff tbody tr').first().waitFor()
  assert.deepEqual(await tableCells(page.locator('.stats-diff')), [[a[1], a[0], '2025', 'revenue', '1400000000', '1500000000']])
  assert.equal(sql(server.db, `SELECT revenue FROM enterprise_year WHERE credit_code = '${a[0]}' AND year = 2025 AND current = 1`)[0][0], '1500000000.0')
  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  assert.deepEqual(page.problems, [])
  await screenshot(page, 'statistics-admin-diff')
})

test('the administrator reads the aggregate table by province for a year, in English too', async () => {
  const page = await openPage(browser)
  await signIn(page, server, 'admin')
  await page.goto(`${server.url}/#/statistics`)
  await page.locator('#stats-year option[value="2023"]').waitFor({ state: 'attached' })
  await page.locator('#stats-year').selectOption('2023')
  const table = page.locator('.stats-aggregate')
  // The 北京 row of 2023: its clusters in the programme and their firms, from the database.
  const inProgramme = "('cultivation','pilot','recognised','warned')"
  const statusAt = `(SELECT s.status FROM cluster_status_change s WHERE s.cluster_id = c.id
    AND s.date <= '2023-12-31' ORDER BY s.date DESC, s.id DESC LIMIT 1)`
  const [[clusters, firmsCount]] = sql(server.db, `SELECT count(DISTINCT c.id), count(y.id) FROM cluster c
    LEFT JOIN enterprise_year y ON y.cluster_id = c.id AND y.year = 2023 AND y.current = 1
    WHERE c.province_code = '110000' AND ${statusAt} IN ${inProgramme}`)
  await page.waitForFunction(() => [...document.querySelectorAll('.stats-aggregate tbody tr')].some((tr) => tr.innerText.startsWith('北京')))
  const rows = await tableCells(table)
  const beijing = rows.find((r) => r[0] === '北京')
  assert.equal(beijing[1], clusters)
  assert.equal(beijing[2].replace(/,/g, ''), firmsCount)
  await page.locator('#stats-by').selectOption('region')
  await page.waitForFunction(() => [...document.querySelectorAll('.stats-aggregate tbody tr')].some((tr) => tr.innerText.startsWith('东部')))

  await page.getByRole('button', { name: '切换到英文' }).click()
  await page.getByRole('heading', { name: 'Upload statistics' }).waitFor()
  // Headings, column heads and the labels' own words (not the data in their selects).
  const labels = await page.locator('h1, h2, h3, label, th').evaluateAll((els) => els.map((el) =>
    [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE || n.tagName === 'BUTTON').map((n) => n.textContent).join('').trim()))
  for (const label of labels) assert.doesNotMatch(label, /[\u4e00-\u9fff]/, label)
  assert.ok((await tableCells(table)).some((r) => r[0] === 'east'))
  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  assert.deepEqual(page.problems, [])
  await screenshot(page, 'statistics-admin-en')
})

test('each account reads its own part: the province its province, the cluster its cluster, the analyst without upload', async () => {
  const province = await openPage(browser)
  await signIn(province, server, 'province')
  await province.goto(`${server.url}/#/statistics`)
  await province.locator('.stats-aggregate tbody tr').first().waitFor()
  // 北京's clusters only (its one cluster, then the province's total line).
  const rows = await tableCells(province.locator('.stats-aggregate'))
  assert.deepEqual(rows.map((r) => r[0]), ['北京', '北京合计'])
  const [[own]] = sql(server.db, "SELECT count(*) FROM cluster WHERE province_code = '110000'")
  assert.equal(await province.locator('#import-cluster option').count(), Number(own))
  assert.deepEqual(province.problems, [])
  await province.context().close()

  const cluster = await openPage(browser)
  await signIn(cluster, server, 'cluster')
  await cluster.goto(`${server.url}/#/statistics`)
  await cluster.locator('.stats-aggregate tbody tr').first().waitFor()
  const [[name]] = sql(server.db, 'SELECT name FROM cluster WHERE id = 1')
  assert.deepEqual(await cluster.locator('#import-cluster option').allInnerTexts(), [name])
  assert.equal((await tableCells(cluster.locator('.stats-aggregate')))[0][0], name)
  assert.deepEqual(cluster.problems, [])
  await cluster.context().close()

  const analyst = await openPage(browser)
  await signIn(analyst, server, 'analyst')
  await analyst.goto(`${server.url}/#/statistics`)
  await analyst.getByText('您的角色只能查看统计数据，不能导入。').waitFor()
  assert.equal(await analyst.locator('#import-file').count(), 0)
  await analyst.locator('.stats-aggregate tbody tr').first().waitFor()
  assert.deepEqual(await unreadable(analyst), [])
  assert.deepEqual(analyst.problems, [])
})

test('on a 390 px phone the page fits and stays accessible', async () => {
  const page = await openPage(browser, { width: 390, height: 844 })
  await signIn(page, server, 'zone')
  await page.goto(`${server.url}/#/statistics`)
  await page.getByRole('heading', { name: '上传统计数据' }).waitFor()
  await page.locator('.stats-aggregate tbody tr').first().waitFor()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`)
  assert.deepEqual(await accessibilityProblems(page), [])
  await screenshot(page, 'statistics-zone-390')
})
