// The web.demo fixture: the demo database the browser tests copy (150 clusters, 2019-2024, a
// selection round, an account of every role), made once per test run, with the accounts'
// passwords kept beside it for the tests to sign in.
import { rmSync, writeFileSync } from 'node:fs'
import { cli, demoAccounts, demoDb } from './harness.mjs'

for (const suffix of ['', '-wal', '-shm']) rmSync(demoDb + suffix, { force: true })
cli(demoDb, 'demo')
writeFileSync(demoAccounts, cli(demoDb, 'demo', '--accounts', '--format', 'json'))
