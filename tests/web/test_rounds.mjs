// The selection-round pages in a real browser, as each party uses them (issue 16): a province
// ranks its applications within its quota and saves the list; an expert scores an assigned
// application on the round's form; the programme office decides a round, puts it under notice
// and — once the notice has ended — admits the listed cluster, which then stands in the
// registry. Rounds are set up with the CLI as an office would (tests/cli/round_setup.py); the
// admission runs on a server whose clock libfaketime moves past the notice's deadline, as
// tests/cli/test_round_reviews.py does. Every expectation is read with the sqlite3 shell.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { accessibilityProblems, bin, browser, cli, openPage, screenshot, serveForThisFile, server,
  signIn, sql, startServer, unreadable } from './harness.mjs'

serveForThisFile()

// A date n days from today (the server's and the CLI's clock, UTC here), as YYYY-MM-DD.
const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10)

async function pageChecks(page, name) {
  assert.deepEqual(await unreadable(page), [], name)
  assert.deepEqual(await accessibilityProblems(page), [], name)
  assert.deepEqual(page.problems, [], name)
  await screenshot(page, name)
}

// The same server, its clock `days` ahead (libfaketime), on the database `db`: resolves once it
// listens, as harness.startServer does.
// The server on the same database with its clock `days` ahead: libfaketime preloaded into the
// server itself (the faketime wrapper forks, and stopping it would leave the server running).
function serverAhead(base, days) {
  const lib = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1', '/usr/lib/faketime/libfaketimeMT.so.1'].find(existsSync)
  return startServer({ db: base.db, env: { LD_PRELOAD: lib, FAKETIME: `+${days}d` } })
}

// A round opened with the CLI (deadlines from today), returning its id.
function openRound(db, name, docNo, ...extra) {
  cli(db, 'round', 'create', '--year', day(0).slice(0, 4), '--name', name, '--doc-no', docNo, '--system', 'torch-iic',
    '--applications', day(1), '--recommendation', day(2), '--review', day(3), '--decision', day(4), '--notice', day(5), ...extra)
  return Number(sql(db, 'SELECT max(id) FROM selection_round')[0][0])
}

function apply(db, rid, zone, cluster) {
  cli(db, 'zone', 'add', zone, '--province', '北京', '--city', '北京市')
  cli(db, 'application', 'submit', '--round', String(rid), '--zone', zone, '--name', cluster, '--industry', '3973',
    '--building-unit', `${zone}管委会`, '--management-body', `${cluster}促进中心`)
  return Number(sql(db, `SELECT id FROM application WHERE cluster_name = '${cluster}'`)[0][0])
}

test('the round list shows every round with its stage, for anyone', async () => {
  const page = await openPage(browser)
  await page.goto(`${server.url}/#/rounds`)
  const rows = sql(server.db, 'SELECT name, stage FROM selection_round ORDER BY id')
  const table = page.locator('.table-wrap tbody tr')
  await table.first().waitFor()
  assert.equal(await table.count(), rows.length)
  const stageZh = { review: '专家评审', closed: '公布' }
  for (const [i, [name, stage]] of rows.entries()) {
    const text = await table.nth(i).innerText()
    assert.ok(text.includes(name) && text.includes(stageZh[stage]), text)
  }
  await pageChecks(page, 'rounds-list-zh-1280')
  // The finished round's public notice: its listed applications.
  await table.nth(1).locator('a').click()
  await page.getByRole('heading', { name: '公示名单' }).waitFor()
  const [[listed]] = sql(server.db, "SELECT count(*) FROM decision WHERE round_id = 2 AND listed = 1")
  await page.locator('#notice-title + .table-wrap tbody tr').first().waitFor()
  assert.equal(await page.locator('#notice-title ~ .table-wrap tbody tr').count(), Number(listed))
  await pageChecks(page, 'round-notice-zh-1280')
})

test('a zone applies, reports its figures and attaches its application document', async () => {
  const db = server.db
  const rid = openRound(db, '申报测试轮', '测试〔2026〕4号')
  // A zone without a cluster (一区一主导产业) and its own account.
  cli(db, 'zone', 'add', '京测申报高新区', '--province', '北京', '--city', '北京市')
  const [[zone]] = sql(db, "SELECT id FROM zone WHERE name = '京测申报高新区'")
  const password = 'Zone-applicant-2026!'
  execFileSync(bin, ['--db', db, 'user', 'add', 'zone-applicant', '--role', 'zone', '--zone', zone, '--password-stdin'],
    { input: `${password}\n`, encoding: 'utf8' })

  const page = await openPage(browser)
  await page.goto(`${server.url}/#/login`)
  await page.locator('#login-name').fill('zone-applicant')
  await page.locator('#login-password').fill(password)
  await page.locator('form button[type=submit]').click()
  await page.locator('.who').waitFor()
  await page.goto(`${server.url}/#/rounds/${rid}`)
  await page.getByRole('heading', { name: '申报表' }).waitFor()
  await page.getByLabel('拟建集群名称').fill('京测申报智能传感器集群')
  await page.getByLabel('主导产业（GB/T 4754 代码）').fill('3973')
  await page.getByLabel('建设单位').fill('京测申报高新区管委会')
  await page.getByLabel('集群促进机构').fill('京测智能传感器产业促进中心')
  await page.getByLabel('龙头企业（每行一家）').fill('京测传感科技有限公司\n京测微电子股份有限公司')
  await page.getByLabel('联系人及电话').fill('王五 010-12345678')
  await pageChecks(page, 'round-zone-apply-zh-1280')
  await page.getByRole('button', { name: '提交申报' }).click()
  await page.getByRole('status').filter({ hasText: '申报已提交' }).waitFor()
  const [[app, name, industry, firms, state]] = sql(db, `SELECT id, cluster_name, industry_code, leading_firms, state
    FROM application WHERE round_id = ${rid} AND zone_id = ${zone}`)
  assert.deepEqual([name, industry, state], ['京测申报智能传感器集群', '3973', 'submitted'])
  assert.deepEqual(JSON.parse(firms), ['京测传感科技有限公司', '京测微电子股份有限公司'])
  // One application per zone: the form goes, the application is listed (the page redraws after
  // the message, so both are waited for, not read at once).
  await page.getByRole('button', { name: '提交申报' }).waitFor({ state: 'detached' })
  await page.locator('.table-wrap tbody tr').first().filter({ hasText: '京测申报智能传感器集群' }).waitFor()

  // Its figures of one year: a blank is not reported, never 0.
  await page.getByLabel('数据年度').fill('2025')
  await page.getByLabel('指标数据').fill('revenue=3205000000\nfirms=86\nemployment=')
  await page.getByRole('button', { name: '保存数据' }).click()
  await page.getByRole('status').filter({ hasText: '已保存' }).waitFor()
  assert.deepEqual(sql(db, `SELECT year, field, value FROM application_figure WHERE application_id = ${app} ORDER BY field`),
    [['2025', 'firms', '86.0'], ['2025', 'revenue', '3205000000.0']])

  // The application document, a PDF by its content.
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
  await page.getByLabel('选择文件').setInputFiles({ name: '申报书.pdf', mimeType: 'application/pdf', buffer: pdf })
  await page.getByRole('button', { name: '上传附件' }).click()
  await page.getByRole('status').filter({ hasText: '已上传' }).waitFor()
  assert.deepEqual(sql(db, `SELECT name, type, size, sha256 FROM application_document WHERE application_id = ${app}`),
    [['申报书.pdf', 'pdf', String(pdf.length), createHash('sha256').update(pdf).digest('hex')]])
  await page.getByRole('link', { name: '申报书.pdf' }).waitFor()
  await pageChecks(page, 'round-zone-applied-zh-1280')
})

test('a province ranks its applications within its quota and saves the list', async () => {
  const db = server.db
  const rid = openRound(db, '推荐测试轮', '测试〔2026〕2号', '--quota', '北京=2')
  const [jia, yi, bing] = [['京测甲高新区', '京测甲集群'], ['京测乙高新区', '京测乙集群'], ['京测丙高新区', '京测丙集群']]
    .map(([zone, cluster]) => apply(db, rid, zone, cluster))
  cli(db, 'round', 'advance', String(rid)) // to the recommendation stage

  const page = await openPage(browser)
  await signIn(page, server, 'province')
  await page.goto(`${server.url}/#/rounds/${rid}`)
  await page.locator('.ranking li').nth(2).waitFor()
  assert.ok(await page.getByText('推荐名额：2 个').isVisible())
  // 丙 to the top, then 丙 and 甲 recommended, 丙 with an opinion of its own.
  await page.getByRole('button', { name: '将京测丙集群上移' }).click()
  await page.getByRole('button', { name: '将京测丙集群上移' }).click()
  await page.getByRole('checkbox', { name: '推荐京测丙集群' }).check()
  await page.getByRole('checkbox', { name: '推荐京测甲集群' }).check()
  await page.getByRole('textbox', { name: '京测丙集群的推荐意见' }).fill('产业链完整，优先推荐')
  await page.getByRole('button', { name: '保存推荐名单' }).click()
  await page.getByRole('status').filter({ hasText: '推荐名单已保存' }).waitFor()
  const stored = () => sql(db, `SELECT application_id, rank, opinion FROM recommendation WHERE round_id = ${rid} ORDER BY rank`)
  assert.deepEqual(stored(), [[String(bing), '1', '产业链完整，优先推荐'], [String(jia), '2', '同意推荐']])
  await pageChecks(page, 'round-province-zh-1280')

  // Over the quota: the server refuses and its own message is shown; the list stays as it was.
  await page.getByRole('checkbox', { name: '推荐京测乙集群' }).check()
  await page.getByRole('button', { name: '保存推荐名单' }).click()
  const alert = page.getByRole('alert')
  await alert.waitFor()
  const refusal = await page.evaluate(async ([rid, ids]) => {
    const res = await fetch(`/api/v1/rounds/${rid}/recommendations?province=110000`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': sessionStorage.getItem('csrf') },
      body: JSON.stringify({ list: ids.map((id) => ({ application: id, opinion: '同意推荐' })) }),
    })
    return { status: res.status, body: await res.json() }
  }, [rid, [bing, jia, yi]])
  assert.equal(refusal.status, 409)
  assert.equal(await alert.innerText(), refusal.body.error.message.zh)
  assert.deepEqual(stored(), [[String(bing), '1', '产业链完整，优先推荐'], [String(jia), '2', '同意推荐']])
  await screenshot(page, 'round-province-over-quota-zh-1280')

  // 乙 goes back to its zone with the reason; it leaves the ranking.
  await page.getByLabel('退回的申报').selectOption(String(yi))
  await page.getByLabel('退回原因').fill('龙头企业名单不完整')
  await page.getByRole('button', { name: '退回', exact: true }).click()
  await page.getByRole('status').filter({ hasText: `已退回申报 ${yi}` }).waitFor()
  assert.deepEqual(sql(db, `SELECT state, return_reason FROM application WHERE id = ${yi}`), [['returned', '龙头企业名单不完整']])
  // The ranking is redrawn after the message: 乙 leaves it, the other two stay.
  await page.locator('.ranking li').filter({ hasText: '京测乙集群' }).waitFor({ state: 'detached' })
  assert.equal(await page.locator('.ranking li').count(), 2)
})

test('an expert scores an assigned application and sees it among its reviews', async () => {
  const db = server.db
  const [[appId, cluster]] = sql(db, `SELECT a.application_id, p.cluster_name FROM review_assignment a
    JOIN expert_account x ON x.expert_id = a.expert_id JOIN account c ON c.id = x.account_id
    JOIN application p ON p.id = a.application_id
    WHERE c.login = 'demo-expert' AND a.round_id = 1 ORDER BY a.application_id LIMIT 1`)
  const page = await openPage(browser)
  await signIn(page, server, 'expert')
  await page.goto(`${server.url}/#/rounds/1`)
  await page.getByRole('button', { name: `评审：${cluster}` }).click()
  const points = [26, 21.5, 20, 17.5]
  for (const [i, p] of points.entries()) await page.locator(`#score-${i}`).fill(String(p))
  await page.getByLabel('评审意见').fill('创新平台齐全，建议加强产学研合作')
  assert.ok(await page.getByText('合计：85.0 / 100').isVisible())
  await pageChecks(page, 'round-expert-form-zh-1280')
  await page.getByRole('button', { name: '提交评分' }).click()
  await page.getByRole('status').filter({ hasText: '评分已提交' }).waitFor()

  const [[stored, total, comment]] = sql(db, `SELECT r.points, r.total, r.comment FROM review r
    JOIN expert_account x ON x.expert_id = r.expert_id JOIN account c ON c.id = x.account_id
    WHERE c.login = 'demo-expert' AND r.application_id = ${appId}`)
  assert.deepEqual(JSON.parse(stored), points)
  assert.equal(Number(total), 85)
  assert.equal(comment, '创新平台齐全，建议加强产学研合作')
  // Listed as submitted, with those points.
  const row = page.locator('.table-wrap tbody tr').filter({ hasText: cluster }).first()
  await row.filter({ hasText: '85.0' }).waitFor()
  const text = await row.innerText()
  for (const p of ['26.0', '21.5', '20.0', '17.5', '创新平台齐全']) assert.ok(text.includes(p), text)
  assert.ok((await page.locator('.assigned').innerText()).includes(`${cluster} — 已评审`))
  await pageChecks(page, 'round-expert-zh-1280')
})

test('the office decides, puts the list under notice and admits the cluster, which the registry then lists', async () => {
  const db = server.db
  // A round through its review with the CLI: one application of Beijing, recommended, three
  // experts' reviews; the data part weighs 0 so one application can be decided alone.
  const rid = openRound(db, '入选测试轮', '测试〔2026〕3号', '--data-weight', '0')
  const app = apply(db, rid, '京测入选高新区', '京测入选集群')
  cli(db, 'round', 'advance', String(rid))
  cli(db, 'recommend', '--round', String(rid), '--province', '北京', '--application', String(app), '--opinion', '同意推荐')
  cli(db, 'round', 'advance', String(rid)) // review
  cli(db, 'assign', '--round', String(rid), '--reviewers', '3', '--max-load', '8')
  const experts = sql(db, `SELECT e.code FROM review_assignment a JOIN expert e ON e.id = a.expert_id WHERE a.application_id = ${app}`)
  assert.equal(experts.length, 3)
  for (const [code] of experts) cli(db, 'review', 'submit', '--application', String(app), '--expert', code, '--points', '80')
  cli(db, 'round', 'advance', String(rid)) // decision

  const page = await openPage(browser)
  await signIn(page, server, 'admin')
  await page.goto(`${server.url}/#/rounds/${rid}`)
  await page.getByRole('heading', { name: '评审决定' }).waitFor()
  await page.getByLabel('入选名额').fill('1')
  await page.getByLabel('及格线').fill('60')
  await page.getByRole('button', { name: '计算入选名单' }).click()
  await page.getByRole('status').filter({ hasText: '已决定：1 项入选' }).waitFor()
  await page.getByRole('table', { name: '专家分配' }).getByText('E0', { exact: false }).first().waitFor()
  assert.deepEqual(sql(db, `SELECT application_id, listed FROM decision WHERE round_id = ${rid}`), [[String(app), '1']])
  await pageChecks(page, 'round-office-decision-zh-1280')
  await page.getByRole('button', { name: '推进到“公示”' }).click()
  await page.getByText('当前阶段：公示').waitFor()
  assert.deepEqual(sql(db, `SELECT stage FROM selection_round WHERE id = ${rid}`), [['notice']])
  await page.locator('#notice-title ~ .table-wrap tbody tr').filter({ hasText: '京测入选集群' }).waitFor()
  // An objection by letter, recorded and answered (not upheld): the list stands.
  await page.getByLabel('异议人', { exact: true }).fill('张三（来信）')
  await page.getByLabel('异议理由', { exact: true }).fill('反映龙头企业营业收入数据有误')
  await page.getByRole('button', { name: '登记异议' }).click()
  await page.getByRole('status').filter({ hasText: '已登记异议' }).waitFor()
  const [[objection]] = sql(db, `SELECT id FROM objection WHERE round_id = ${rid}`)
  await page.getByRole('heading', { name: `答复异议 ${objection}` }).waitFor()
  await pageChecks(page, 'round-office-objection-zh-1280')
  await page.getByLabel('答复内容').fill('经核实，数据与统计年报一致，异议不成立')
  await page.getByRole('button', { name: '提交答复' }).click()
  await page.getByRole('status').filter({ hasText: `已答复异议 ${objection}` }).waitFor()
  assert.deepEqual(sql(db, `SELECT application_id, objector, grounds, answer, upheld FROM objection WHERE round_id = ${rid}`),
    [[String(app), '张三（来信）', '反映龙头企业营业收入数据有误', '经核实，数据与统计年报一致，异议不成立', '0']])
  await page.close()

  // The notice over (its deadline is day 5): the same database on a server a week ahead.
  const later = await serverAhead(server, 7)
  try {
    const office = await openPage(browser)
    await signIn(office, later, 'admin')
    await office.goto(`${later.url}/#/rounds/${rid}`)
    await office.getByRole('heading', { name: '公布与入库' }).waitFor()
    // The clock is a week ahead: the notice has ended.
    await office.getByText('公示', { exact: true }).first().waitFor()
    await office.locator('#notice-title ~ .table-wrap tbody tr').filter({ hasText: '京测入选集群' }).waitFor()
    await office.getByRole('table', { name: '评审决定' }).getByText('京测入选集群').waitFor()
    await office.getByLabel('认定日期').fill(day(7))
    await office.getByLabel('登记状态').selectOption('pilot')
    await pageChecks(office, 'round-office-notice-zh-1280')
    await office.getByRole('button', { name: '确认入选并登记' }).click()
    await office.getByRole('status').filter({ hasText: '已登记 1 个新集群' }).waitFor()
    const admitted = sql(db, `SELECT c.id, c.name, s.status, s.date, s.doc_no FROM cluster c
      JOIN cluster_status_change s ON s.cluster_id = c.id JOIN admission m ON m.cluster_id = c.id
      WHERE m.application_id = ${app}`)
    assert.deepEqual(admitted.map((r) => r.slice(1)), [['京测入选集群', 'pilot', day(7), '测试〔2026〕3号']])
    assert.deepEqual(sql(db, `SELECT stage FROM selection_round WHERE id = ${rid}`), [['closed']])
    assert.ok(await office.getByRole('link', { name: '京测入选集群' }).isVisible())
    await screenshot(office, 'round-office-admitted-zh-1280')

    // The registry lists it, in its zone's row of the cluster table.
    await office.goto(`${later.url}/#/registry`)
    await office.locator('#cluster-search').fill('京测入选集群')
    const row = office.locator('.table-wrap').first().locator('tbody tr')
    await row.filter({ hasText: '京测入选集群' }).waitFor()
    assert.equal(await row.count(), 1)
    assert.match(await row.innerText(), /试点/)
  } finally {
    await later.stop()
  }
})

test('each role’s page in English, and on a 390 px phone', async () => {
  // The review form's criteria are the round's own words, as cluster names are.
  const form = await (await fetch(`${server.url}/api/v1/rounds/1/form`)).json()
  const criteria = new Set(form.rows.map((r) => r.criterion))
  for (const role of ['zone', 'province', 'expert', 'admin']) {
    const page = await openPage(browser)
    await signIn(page, server, role)
    await page.goto(`${server.url}/#/rounds/1`)
    await page.getByRole('heading', { name: '阶段与截止日期' }).waitFor()
    await page.locator('section.panel h2').first().waitFor()
    // What each role has in the demo's round: the zone none, the province its list, the expert its
    // assignment, the office the panel's reliability.
    const shown = { zone: '.table-wrap', province: '.table-wrap tbody tr', expert: '.assigned li', admin: 'dl.kpis' }[role]
    await page.locator(shown).first().waitFor()
    await page.getByText('加载中…').waitFor({ state: 'detached' })
    await pageChecks(page, `round-${role}-zh-1280`)
    await page.getByRole('button', { name: '切换到英文' }).click()
    await page.getByRole('heading', { name: 'Stages and deadlines' }).waitFor()
    // (The language switch says 中文 in English, as it should.)
    const labels = await page.locator('h1 ~ h2, section.panel h2, section.panel h3, label, th, dt, button').allInnerTexts()
    for (const label of labels.filter((l) => !criteria.has(l.trim()) && l.trim() !== '中文')) assert.doesNotMatch(label, /[\u4e00-\u9fff]/, `${role}: ${label}`)
    assert.deepEqual(await unreadable(page), [], role)
    await screenshot(page, `round-${role}-en-1280`)
    await page.context().close()
  }
  const phone = await openPage(browser, { width: 390, height: 844 })
  await signIn(phone, server, 'admin')
  await phone.goto(`${server.url}/#/rounds/1`)
  await phone.getByRole('heading', { name: '评审信度' }).waitFor()
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`)
  await pageChecks(phone, 'round-admin-zh-390')
})
