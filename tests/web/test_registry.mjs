// The registry in a real browser: the filters (province, a name typed in the search box) leave
// the rows the database holds (the sqlite3 shell); the administrator adding a cluster in a zone
// that already has an active one reads the server's rule (一区一主导产业) and nothing is stored; a
// status change with its 文号 lands in the history; a province account sees its own province only;
// nothing unreadable shows and axe finds no serious problem, at 1280 px and on a phone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { accessibilityProblems, browser, openPage, screenshot, serveForThisFile, server, signIn,
  sql, unreadable } from './harness.mjs'

serveForThisFile()

const clusterRows = (page) => page.locator('.table-wrap').first().locator('tbody tr')
async function openRegistry(page, role = 'admin') {
  await signIn(page, server, role)
  await page.goto(`${server.url}/#/registry`)
  await page.locator('#cluster-search').waitFor()
  await clusterRows(page).first().waitFor()
}

test('province 湖北 and a typed name leave the rows the database has', async () => {
  const page = await openPage(browser)
  await openRegistry(page)
  const [[all]] = sql(server.db, 'SELECT count(*) FROM cluster')
  assert.equal(await clusterRows(page).count(), Number(all))

  await page.getByLabel('省份').selectOption('湖北')
  const [[hubei]] = sql(server.db, "SELECT count(*) FROM cluster WHERE province_code = '420000'")
  assert.equal(await clusterRows(page).count(), Number(hubei))

  // Typed key by key, as a person does; the list follows each key.
  await page.locator('#cluster-search').pressSequentially('高新区')
  const expected = sql(server.db, "SELECT name FROM cluster WHERE province_code = '420000' AND instr(name, '高新区') > 0 ORDER BY name").map((r) => r[0])
  assert.ok(expected.length > 0 && expected.length < Number(hubei))
  await page.waitForFunction((n) => document.querySelectorAll('.table-wrap tbody')[0].rows.length === n, expected.length)
  const names = (await clusterRows(page).locator('td:first-child').allInnerTexts()).map((s) => s.trim()).sort()
  assert.deepEqual(names, [...expected].sort())

  // A text no cluster has empties the list.
  await page.locator('#cluster-search').fill('不存在的名称')
  await page.waitForFunction(() => document.querySelectorAll('.table-wrap tbody')[0].rows.length === 0)

  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  assert.deepEqual(page.problems, [])
})

test('a second cluster in a zone with an active one: the server’s rule shows, nothing is stored', async () => {
  const page = await openPage(browser)
  await openRegistry(page)
  // A zone with an active cluster (cultivation, pilot, recognised or warned).
  const [[zoneId, zoneName]] = sql(server.db, `SELECT z.id, z.name FROM zone z JOIN cluster c ON c.zone_id = z.id
    WHERE c.status IN ('cultivation','pilot','recognised','warned') ORDER BY z.id LIMIT 1`)
  const name = `${zoneName}测试新增创新型产业集群`
  await page.locator('#reg-add-name').fill(name)
  await page.locator('#reg-add-zone').selectOption(zoneId)
  await page.locator('#reg-add-industry').fill('3612')
  await page.locator('#reg-add-doc').fill('测试〔2026〕1号')
  await page.getByRole('button', { name: '新增', exact: true }).click()
  const alert = page.locator('form').filter({ has: page.locator('#reg-add-name') }).getByRole('alert')
  await alert.waitFor()
  const text = await alert.innerText()
  assert.match(text, /服务器拒绝了此变更/)
  assert.match(text, /一区一主导产业/)
  assert.ok(text.includes(zoneName), text)
  assert.equal(sql(server.db, `SELECT count(*) FROM cluster WHERE name = '${name}'`)[0][0], '0')

  // In English the same refusal reads in English (the server's own words).
  await page.getByRole('button', { name: '切换到英文' }).click()
  await page.getByText('The server refused this change:').waitFor()
  assert.match(await alert.innerText(), /one zone, one leading industry/)
  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the window`)
  await screenshot(page, 'registry-admin-refused-en-1280')
})

test('a status change with its 文号 is in the history', async () => {
  const page = await openPage(browser)
  await openRegistry(page)
  const [[id, name]] = sql(server.db, "SELECT id, name FROM cluster WHERE status = 'pilot' AND province_code = '420000' ORDER BY id LIMIT 1")
  const [[before]] = sql(server.db, `SELECT count(*) FROM cluster_status_change WHERE cluster_id = ${id}`)
  const doc = '国科火字〔2026〕77号'
  await page.locator('#reg-status-cluster').selectOption(id)
  await page.locator('#reg-status-status').selectOption('warned')
  await page.locator('#reg-status-doc').fill(doc)
  await page.locator('#reg-status-reason').fill('年度评价不合格')
  await page.getByRole('button', { name: '变更状态', exact: true }).click()
  const status = page.locator('form').filter({ has: page.locator('#reg-status-cluster') }).getByRole('status')
  await status.waitFor()
  assert.ok((await status.innerText()).includes(name))
  const rows = sql(server.db, `SELECT status, doc_no, reason FROM cluster_status_change WHERE cluster_id = ${id} ORDER BY id`)
  assert.equal(rows.length, Number(before) + 1)
  assert.deepEqual(rows.at(-1), ['warned', doc, '年度评价不合格'])
  assert.equal(sql(server.db, `SELECT status FROM cluster WHERE id = ${id}`)[0][0], 'warned')
  // The list shows the new status, and the cluster's page its new entry with the 文号.
  await page.locator('#cluster-search').fill(name)
  await page.waitForFunction(() => document.querySelectorAll('.table-wrap tbody')[0].rows.length === 1)
  assert.match(await clusterRows(page).first().innerText(), /警告/)
  await screenshot(page, 'registry-admin-zh-1280')
  await clusterRows(page).first().locator('a').click()
  await page.locator('ol.timeline > li').first().waitFor()
  assert.equal(await page.locator('ol.timeline > li[data-change="status"]').count(), rows.length)
  assert.ok((await page.locator('ol.timeline > li').last().innerText()).includes(doc))
  assert.deepEqual(page.problems, [])
})

test('a province account sees its own province, without the administrator’s forms', async () => {
  const page = await openPage(browser)
  await openRegistry(page, 'province')
  const [[own]] = sql(server.db, "SELECT count(*) FROM cluster WHERE province_code = '110000'")
  assert.equal(await clusterRows(page).count(), Number(own))
  for (const text of await clusterRows(page).locator('td:nth-child(2)').allInnerTexts()) assert.equal(text.trim(), '北京')
  const [[zones]] = sql(server.db, "SELECT count(*) FROM zone WHERE province_code = '110000'")
  assert.equal(await page.locator('.table-wrap').nth(1).locator('tbody tr').count(), Number(zones))
  assert.equal(await page.locator('#reg-add-name').count(), 0)
  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  assert.deepEqual(page.problems, [])
  await screenshot(page, 'registry-province-zh-1280')
})

test('a zone account sees its zone’s clusters, a cluster account its own record', async () => {
  for (const [role, where] of [['zone', 'zone_id = 1'], ['cluster', 'id = 1']]) {
    const page = await openPage(browser)
    await openRegistry(page, role)
    const names = sql(server.db, `SELECT name FROM cluster WHERE ${where} ORDER BY name`).map((r) => r[0])
    assert.deepEqual((await clusterRows(page).locator('td:first-child').allInnerTexts()).map((s) => s.trim()).sort(), names)
    assert.equal(await page.locator('#reg-add-name').count(), 0)
    assert.deepEqual(await unreadable(page), [])
    assert.deepEqual(page.problems, [], role)
    await page.context().close()
  }
})

test('on a 390 px phone the registry fits and stays accessible', async () => {
  const page = await openPage(browser, { width: 390, height: 844 })
  await openRegistry(page)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`)
  assert.deepEqual(await accessibilityProblems(page), [])
  await screenshot(page, 'registry-admin-zh-390')
})
