// The administration page in a real browser, as demo-admin: the accounts are the database's (read
// with the sqlite3 shell); a new account's generated password is shown once, signs in (and the
// server then asks for a new password, which the page says), shows in the table and in the audit
// log's newest entry, and is disabled in the database by the row's button; the chain check counts
// every entry of audit_log and, after one row is edited behind the server's back, names that row as
// the break. Any other role sees the forbidden message and no account. Accessible, readable, in
// English by the switch and on a 390 px phone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { accessibilityProblems, browser, openPage, screenshot, serveForThisFile, server, signIn,
  sql, unreadable } from './harness.mjs'

serveForThisFile()

const logins = () => sql(server.db, 'SELECT login FROM account ORDER BY login').map((r) => r[0])
const tableLogins = async (page) => (await page.locator('table.accounts tbody tr[data-login] td.login').allInnerTexts()).sort()

async function openAdmin(page, role = 'admin') {
  await signIn(page, server, role)
  await page.goto(`${server.url}/#/admin`)
}

test('the accounts table lists exactly the database’s accounts, with their state', async () => {
  const page = await openPage(browser)
  await openAdmin(page)
  await page.locator('table.accounts tbody tr[data-login]').first().waitFor()
  assert.deepEqual(await tableLogins(page), logins())
  // Role in the page's language, scope by its label, from the database's own columns.
  const zone = page.locator('tr[data-login="demo-zone"]')
  const [[zoneName]] = sql(server.db, "SELECT z.name FROM account a JOIN zone z ON z.id = a.zone_id WHERE a.login = 'demo-zone'")
  assert.equal(await zone.locator('td.role').innerText(), '高新区')
  assert.ok((await zone.innerText()).includes(zoneName), await zone.innerText())
  await page.locator('table.audit tbody tr').first().waitFor()
  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  assert.deepEqual(page.problems, [])
  await screenshot(page, 'admin-zh-1280')
})

test('a new account: its generated password shown once, it signs in, shows in the table and the audit log, and is disabled', async () => {
  const page = await openPage(browser)
  await openAdmin(page)
  await page.locator('table.accounts tbody tr[data-login]').first().waitFor()

  // The server names the field it refuses: a province account without its province.
  await page.locator('#new-login').fill('hubei-office')
  await page.locator('#new-role').selectOption('province')
  await page.getByRole('button', { name: '新增账户' }).click()
  await page.locator('#new-scope-error').waitFor()
  assert.equal(await page.locator('#new-scope').getAttribute('aria-invalid'), 'true')
  assert.equal(sql(server.db, "SELECT count(*) FROM account WHERE login = 'hubei-office'")[0][0], '0')

  // With the province: created, the password generated and shown in the dialog.
  await page.locator('#new-scope').fill('湖北')
  await page.locator('#new-display_name').fill('湖北省科技厅')
  await page.locator('#new-reason').fill('浏览器测试')
  await page.getByRole('button', { name: '新增账户' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.waitFor()
  const password = (await dialog.locator('.generated-password').innerText()).trim()
  assert.ok(password.length >= 12, password)
  assert.ok((await dialog.innerText()).includes('只显示这一次'))
  assert.deepEqual(await accessibilityProblems(page), [])
  await screenshot(page, 'admin-password-once')
  await dialog.getByRole('button', { name: '我已记下，关闭' }).click()
  await dialog.waitFor({ state: 'hidden' })
  // Gone from the page once closed.
  assert.ok(!(await page.locator('body').innerText()).includes(password))
  assert.equal(await page.locator('.generated-password').count(), 0)

  // The database has it, in Hubei, bound to change the password.
  const [[role, province, mustChange]] = sql(server.db,
    "SELECT role, province_code, must_change_password FROM account WHERE login = 'hubei-office'")
  assert.deepEqual([role, province, mustChange], ['province', '420000', '1'])
  // In the table (as the database lists them) and in the audit log's newest entry.
  await page.locator('tr[data-login="hubei-office"]').waitFor()
  assert.deepEqual(await tableLogins(page), logins())
  const row = page.locator('tr[data-login="hubei-office"]')
  assert.ok((await row.innerText()).includes('须修改密码'))
  const [[newestId, newestDetail]] = sql(server.db, 'SELECT id, detail FROM audit_log ORDER BY id DESC LIMIT 1')
  assert.equal(newestDetail, 'hubei-office')
  const newest = page.locator('table.audit tbody tr').first()
  await page.waitForFunction((id) => document.querySelector('table.audit tbody tr')?.dataset.id === id, newestId)
  assert.ok((await newest.innerText()).includes('hubei-office'))

  // It signs in with the password shown, in another browser, and must choose its own first: two
  // that differ are refused by the page, then the server takes the new one.
  const other = await openPage(browser)
  await other.goto(`${server.url}/#/login`)
  await other.locator('#login-name').fill('hubei-office')
  await other.locator('#login-password').fill(password)
  await other.locator('form button[type=submit]').click()
  await other.getByRole('heading', { name: '设置新密码' }).waitFor()
  await screenshot(other, 'admin-new-account-first-login')
  await other.locator('#new-password').fill('Hubei-office-2026!')
  await other.locator('#repeat-password').fill('Hubei-office-2027!')
  await other.locator('form button[type=submit]').click()
  await other.getByText('两次输入的新密码不一致。').waitFor()
  await other.locator('#repeat-password').fill('Hubei-office-2026!')
  await other.locator('form button[type=submit]').click()
  await other.locator('.who').waitFor()
  await other.getByRole('heading', { name: '全国创新型产业集群总览' }).waitFor()
  assert.equal(sql(server.db, "SELECT must_change_password FROM account WHERE login = 'hubei-office'")[0][0], '0')
  assert.deepEqual(await unreadable(other), [])
  await other.context().close()
  assert.notEqual(sql(server.db, "SELECT last_login_at FROM account WHERE login = 'hubei-office'")[0][0], '')

  // Disable it from its row: the database says so, and the row too.
  await row.getByRole('button', { name: '停用：hubei-office' }).click()
  await row.getByRole('button', { name: '启用：hubei-office' }).waitFor()
  assert.equal(sql(server.db, "SELECT disabled FROM account WHERE login = 'hubei-office'")[0][0], '1')
  assert.ok((await row.locator('td.state').innerText()).includes('已停用'))

  // The administrator's own account: the server refuses, and the page shows its message.
  await page.locator('tr[data-login="demo-admin"]').getByRole('button', { name: '停用：demo-admin' }).click()
  await page.getByText('不符合项目规则：an administrator cannot disable their own account', { exact: false }).waitFor()
  assert.equal(sql(server.db, "SELECT disabled FROM account WHERE login = 'demo-admin'")[0][0], '0')

  // Change a role and scope by the row's form: the zone account becomes Hubei's province account.
  const zone = page.locator('tr[data-login="demo-zone"]')
  await zone.getByRole('button', { name: '修改角色：demo-zone' }).click()
  const roleForm = page.getByRole('form', { name: '修改 demo-zone 的角色和范围' })
  await roleForm.getByLabel('角色').selectOption('province')
  await roleForm.getByLabel('范围').fill('420000')
  await roleForm.getByRole('button', { name: '保存' }).click()
  await page.getByText('已修改 demo-zone 的角色。').waitFor()
  assert.deepEqual(sql(server.db, "SELECT role, province_code FROM account WHERE login = 'demo-zone'")[0], ['province', '420000'])
  assert.equal(await zone.locator('td.role').innerText(), '省级科技部门')
  assert.deepEqual(await unreadable(page), [])
  // The browser logs the two refusals asked for above (422 scope, 409 own account); nothing else.
  const refused = /Failed to load resource: .* status of (422|409)/
  assert.deepEqual(page.problems.filter((p) => !refused.test(p)), [])
  assert.equal(page.problems.length, 2, page.problems.join('\n'))
})

test('the audit log filters and pages as the database has it', async () => {
  const page = await openPage(browser)
  await openAdmin(page)
  const rows = page.locator('table.audit tbody tr')
  await rows.first().waitFor()
  // The first page: the 50 newest entries, newest first.
  const ids = sql(server.db, 'SELECT id FROM audit_log ORDER BY id DESC LIMIT 100').map((r) => r[0])
  assert.equal(await rows.count(), 50)
  const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.id))
  // (Signing in added entries; the page was read after them, so it starts at the newest then.)
  assert.ok(ids.includes(shown[0]))
  const start = ids.indexOf(shown[0])
  assert.deepEqual(shown, ids.slice(start, start + 50))
  await page.getByRole('button', { name: '加载更早的记录' }).click()
  await page.waitForFunction(() => document.querySelectorAll('table.audit tbody tr').length === 100)
  const more = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.id))
  assert.deepEqual(more, sql(server.db, `SELECT id FROM audit_log WHERE id <= ${shown[0]} ORDER BY id DESC LIMIT 100`).map((r) => r[0]))

  // Entity "account", actor root (the CLI operator that made the demo accounts).
  await page.locator('#audit-entity').fill('account')
  await page.locator('#audit-actor').fill('root')
  await page.getByRole('button', { name: '查询' }).click()
  const expected = sql(server.db, "SELECT id FROM audit_log WHERE entity = 'account' AND actor = 'root' ORDER BY id DESC LIMIT 50").map((r) => r[0])
  assert.ok(expected.length > 0)
  await page.waitForFunction((n) => document.querySelectorAll('table.audit tbody tr').length === n
    && !document.querySelector('button.more'), expected.length)
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.id)), expected)
  // A day with nothing: no rows, said so.
  await page.locator('#audit-since').fill('2001-01-01')
  await page.locator('#audit-until').fill('2001-01-02')
  await page.getByRole('button', { name: '查询' }).click()
  await page.getByText('暂无数据').waitFor()
  assert.equal(await rows.count(), 0)
})

test('the chain check: intact with every entry counted, then broken at the row edited', async () => {
  const page = await openPage(browser)
  await openAdmin(page)
  await page.getByRole('button', { name: '运行校验' }).click()
  const verdict = page.locator('.verdict')
  await verdict.waitFor()
  // Nothing is written between the check and this count (reading the log writes no entry).
  const [[count]] = sql(server.db, 'SELECT count(*) FROM audit_log')
  const [[head]] = sql(server.db, 'SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1')
  const text = await verdict.innerText()
  assert.ok(text.includes(`✓ 哈希链完整：共 ${Number(count).toLocaleString('zh-CN')} 条记录`), text)
  assert.ok(text.includes(head), text)
  await screenshot(page, 'admin-chain-intact')

  // Edit one row behind the server's back: the append-only trigger has to go first (as someone
  // with the database file could do), then the oldest entry of the demo's accounts is changed.
  const [[target]] = sql(server.db, "SELECT min(id) FROM audit_log WHERE entity = 'account'")
  execFileSync('sqlite3', [server.db, `DROP TRIGGER audit_log_append_only_update;
    UPDATE audit_log SET detail = detail || ' (edited)' WHERE id = ${target};`])
  const [[at]] = sql(server.db, `SELECT at FROM audit_log WHERE id = ${target}`)
  await page.getByRole('button', { name: '运行校验' }).click()
  await page.locator('.verdict.broken').waitFor()
  const broken = await page.locator('.verdict').innerText()
  assert.ok(broken.includes(`✗ 哈希链在第 ${target} 条记录处断裂（${at.replace('T', ' ').replace(/Z$/, '')}）`), broken)
  assert.ok(broken.includes(`此前 ${(Number(target) - 1).toLocaleString('zh-CN')} 条记录校验通过`), broken)
  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  await screenshot(page, 'admin-chain-broken')
})

test('the analyst sees the forbidden message and no account', async () => {
  const page = await openPage(browser)
  await openAdmin(page, 'analyst')
  await page.getByText('您的角色无权查看此内容。').waitFor()
  assert.equal(await page.locator('table.accounts').count(), 0)
  assert.equal(await page.locator('tr[data-login]').count(), 0)
  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  await screenshot(page, 'admin-analyst-forbidden')
})

test('one switch changes every label to English', async () => {
  const page = await openPage(browser)
  await openAdmin(page)
  await page.locator('table.accounts tbody tr[data-login]').first().waitFor()
  await page.getByRole('button', { name: '切换到英文' }).click()
  await page.getByRole('heading', { name: 'Administration' }).waitFor()
  await page.getByRole('button', { name: 'Run the check' }).click()
  await page.locator('.verdict').waitFor()
  // No Chinese left but the data's own (display names, scope labels, details of entries).
  const labels = await page.locator('h1, h2, nav a, label, th, main button, .verdict-line, td.role, td.state').allInnerTexts()
  for (const label of labels) assert.doesNotMatch(label, /[\u4e00-\u9fff]/, label)
  assert.deepEqual(await unreadable(page), [])
  assert.deepEqual(await accessibilityProblems(page), [])
  await screenshot(page, 'admin-en-1280')
})

test('on a 390 px phone the page fits the screen and stays accessible', async () => {
  const page = await openPage(browser, { width: 390, height: 844 })
  await openAdmin(page)
  await page.locator('table.audit tbody tr').first().waitFor()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`)
  assert.deepEqual(await accessibilityProblems(page), [])
  await screenshot(page, 'admin-zh-390')
})

// A 10-character actor such as demo-admin was once searched as a date ("demo-adminT00:00:00Z").
test('filtering by the actor demo-admin lists its entries', async () => {
  const page = await openPage(browser)
  await openAdmin(page)
  await page.locator('table.audit tbody tr').first().waitFor()
  await page.locator('#audit-actor').fill('demo-admin')
  await page.getByRole('button', { name: '查询' }).click()
  await page.waitForFunction(() => !document.querySelector('.audit-filters button[type=submit]').disabled)
  const expected = sql(server.db, "SELECT id FROM audit_log WHERE actor = 'demo-admin' ORDER BY id DESC LIMIT 50").map((r) => r[0])
  const shown = await page.locator('table.audit tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.id))
  assert.deepEqual(shown, expected)
})
