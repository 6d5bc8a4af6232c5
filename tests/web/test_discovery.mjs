// Discovery in the browser, as the analyst: concentrations in the stored enterprises' coordinates
// drawn over the map, the same as `clusteratlas discover` finds in the same points exported with
// the sqlite3 shell (an independent path from the database to the points), candidates coloured
// apart; a points file uploaded gives its own result.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { accessibilityProblems, bin, browser, chartOption, openPage, screenshot, serveForThisFile,
  server, signIn, sql, unreadable } from './harness.mjs'

serveForThisFile()

function discoverCli(points, eps, minWeight) {
  const out = execFileSync(bin, ['--db', server.db, 'discover', '--points', points, '--eps-km', String(eps),
    '--min-weight', String(minWeight), '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 })
  return JSON.parse(out)
}

test('the stored enterprises give the concentrations discover finds in the same points', async () => {
  const [[year]] = sql(server.db, 'SELECT max(year) FROM enterprise_year')
  const rows = sql(server.db, `SELECT e.credit_code, e.lat, e.lon FROM enterprise e JOIN enterprise_year y
    ON y.credit_code = e.credit_code WHERE y.year = ${year} AND e.lat IS NOT NULL AND e.lon IS NOT NULL ORDER BY e.credit_code`)
  const points = join(server.dir, 'points.csv')
  writeFileSync(points, 'id,lat,lon\n' + rows.map((r) => r.join(',')).join('\n') + '\n')
  const expected = discoverCli(points, 3, 20)
  assert.ok(expected.clusters.length > 5)

  const page = await openPage(browser)
  await signIn(page, server, 'analyst')
  await page.goto(`${server.url}/#/discovery`)
  await page.locator('#eps').fill('3')
  await page.locator('#min-weight').fill('20')
  await page.getByRole('button', { name: '开始发现' }).click()
  const table = page.locator('.table-wrap').first()
  await table.locator('tbody tr').first().waitFor({ timeout: 60000 })
  assert.equal(await table.locator('tbody tr').count(), expected.clusters.length)
  const firstCells = await table.locator('tbody tr').first().locator('td').allInnerTexts()
  assert.equal(firstCells[0], '1')
  assert.equal(firstCells[1], expected.clusters[0].name)
  assert.equal(firstCells[2], expected.clusters[0].points.toLocaleString('zh-CN'))
  // The map: one outline per concentration, candidates in their own series.
  const option = await chartOption(page.locator('figure.chart'))
  const candidates = expected.clusters.filter((c) => c.candidate === 'yes').length
  assert.equal(option.series[1].data.length, candidates)
  assert.equal(option.series[2].data.length, expected.clusters.length - candidates)
  // Drawn: an outline and a disc for each concentration, in its series' colour (a legend's key
  // may add one).
  for (const [colour, n] of [['#c2410c', candidates], ['#0b5cad', expected.clusters.length - candidates]]) {
    const shapes = await page.locator(`figure.chart svg path[fill="${colour}"]`).count()
    assert.ok(shapes >= 2 * n && shapes <= 2 * n + 1, `${shapes} shapes of ${colour} for ${n}`)
  }
  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  assert.deepEqual(page.problems, [])
  await screenshot(page, 'discovery-zh')
})

test('an uploaded points file is discovered as the CLI discovers it', async () => {
  // Two tight groups of 30 firms (Wuhan, Chengdu) and 5 lone points: two concentrations.
  const lines = ['id,lat,lon']
  for (let i = 0; i < 30; i++) lines.push(`w${i},${30.5 + (i % 6) * 0.002},${114.4 + Math.floor(i / 6) * 0.002}`)
  for (let i = 0; i < 30; i++) lines.push(`c${i},${30.6 + (i % 6) * 0.002},${104.06 + Math.floor(i / 6) * 0.002}`)
  for (let i = 0; i < 5; i++) lines.push(`x${i},${40 + i},${90 + i}`)
  const points = join(server.dir, 'two-groups.csv')
  writeFileSync(points, lines.join('\n') + '\n')
  const page = await openPage(browser, { lang: 'en' })
  await signIn(page, server, 'analyst')
  await page.goto(`${server.url}/#/discovery`)
  await page.getByLabel('a points file').check()
  await page.getByLabel('Points file', { exact: true }).setInputFiles(points)
  await page.locator('#eps').fill('2')
  await page.locator('#min-weight').fill('10')
  await page.getByRole('button', { name: 'Discover' }).click()
  await page.getByText('2 concentrations in 65 points').waitFor({ timeout: 60000 })
  assert.equal(await page.locator('.table-wrap').first().locator('tbody tr').count(), 2)
  assert.deepEqual(await unreadable(page), [])
  await screenshot(page, 'discovery-en-file')
})
