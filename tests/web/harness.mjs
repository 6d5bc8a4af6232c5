// The browser tests' shared parts: the real server on a copy of the demo database (made once by
// the web.demo fixture, tests/web/make_demo.mjs), Debian's Chromium driven by playwright-core (no
// browser download), sign-in as each demo role, axe-core's accessibility check, the checks that
// the page never shows NaN, undefined, null or an untranslated key, and screenshots kept in
// BUILD/web-screenshots. Everything listens on 127.0.0.1 only and is stopped by `stop()`.
import { spawn, execFileSync } from 'node:child_process'
import { after, afterEach, before } from 'node:test'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const root = join(here, '..', '..')
const require = createRequire(join(root, 'web', 'package.json'))
const { chromium } = require('playwright-core')

export const bin = process.env.CLUSTERATLAS_BIN ?? join(root, 'build', 'clusteratlas')
// The built pages, the demo database and the screenshots: beside the binary unless told.
export const buildDir = process.env.WEB_BUILD_DIR ?? dirname(bin)
export const webDir = join(buildDir, 'web')
export const demoDb = join(buildDir, 'web-demo.db')
export const demoAccounts = join(buildDir, 'web-demo-accounts.json')
export const screenshotDir = join(buildDir, 'web-screenshots')

export function cli(db, ...args) {
  return execFileSync(bin, ['--db', db, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

// An independent look at the database: the sqlite3 shell's answer to a query, as rows of fields.
export function sql(db, query) {
  const out = execFileSync('sqlite3', ['-separator', '\t', db, query], { encoding: 'utf8', maxBuffer: 1 << 28 })
  return out.split('\n').filter((l) => l).map((l) => l.split('\t'))
}

// The server on a private copy of the demo database (or on `db` when given, which stays), with
// `env` added to its environment; resolves once it listens. Its port is the free one it picked
// and printed. stop() ends it and removes its folder (the copy, the access log).
export async function startServer({ db, env } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-web-'))
  const path = db ?? join(dir, 'atlas.db')
  if (!db) copyFileSync(demoDb, path)
  const child = spawn(bin, ['--db', path, 'serve', '--listen', '127.0.0.1:0',
    '--web', webDir, '--access-log', join(dir, 'access.jsonl')],
  { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } })
  let stderr = ''
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20000)
    child.stderr.on('data', (chunk) => {
      stderr += chunk
      const m = stderr.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)))
  })
  const accounts = JSON.parse(readFileSync(demoAccounts, 'utf8'))
  return {
    url,
    db: path,
    dir,
    password: (role) => accounts.rows.find((r) => r.login === `demo-${role}`).password,
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    // The flags that keep Chromium from reaching out to the network this machine does not have.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

// A test file's server (on its own copy of the demo) and browser, as live bindings: started
// before the file's tests, each test's pages closed after it (an idle page's keep-alive
// connections hold server workers), both stopped after the last test, even when one fails.
// `ready` runs once both are up, before the first test (under Node 20 a second `before` hook of
// the file did not wait for this one to start the server).
export let server, browser
export function serveForThisFile(ready) {
  before(async () => {
    server = await startServer()
    browser = await launch()
    await ready?.()
  })
  afterEach(async () => {
    for (const context of browser?.contexts() ?? []) await context.close()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })
}

// A page that records what the console and the page's own errors say (page.problems).
export async function openPage(browser, { width = 1280, height = 900, lang = 'zh' } = {}) {
  // bypassCSP: axe-core is injected as a script, which the page's policy rightly refuses.
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true, bypassCSP: true })
  await context.addInitScript((l) => localStorage.setItem('lang', l), lang)
  const page = await context.newPage()
  page.problems = []
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`) })
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`))
  return page
}

export async function signIn(page, server, role) {
  await page.goto(`${server.url}/#/login`)
  await page.locator('#login-name').fill(`demo-${role}`)
  await page.locator('#login-password').fill(server.password(role))
  await page.locator('form button[type=submit]').click()
  await page.locator('.who').waitFor()
}

// Every key of the page's dictionaries (web/src/i18n/*.js), to find one shown untranslated.
export async function i18nKeys() {
  const dir = join(root, 'web', 'src', 'i18n')
  const keys = new Set()
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const m = (await import(pathToFileURL(join(dir, f)).href)).default
    for (const k of [...Object.keys(m.zh), ...Object.keys(m.en)]) keys.add(k)
  }
  return keys
}

// What a user must never read: NaN, undefined, null, [object Object], or a dictionary key.
export async function unreadable(page) {
  const text = await page.locator('body').innerText()
  const found = []
  for (const word of ['NaN', 'undefined', 'null', '[object Object]', 'Infinity']) {
    if (new RegExp(`(^|[^A-Za-z])${word.replace(/[[\]]/g, '\\$&')}($|[^A-Za-z])`).test(text)) found.push(word)
  }
  for (const key of await i18nKeys()) if (text.includes(key)) found.push(key)
  return found
}

// axe-core's serious and critical violations of WCAG 2 A and AA on the page as it is now.
export async function accessibilityProblems(page) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') })
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }))
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`)
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true })
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true })
}

// What a chart (ChartBox) drew: its ECharts option, read from the chart in the page.
export async function chartOption(locator) {
  return locator.locator('.chart-box').evaluate((el) => el.chart.getOption())
}
