// Figures as people read them: missing is — (never 0, NaN, null or undefined), money in 亿元
// (hundred millions of yuan) in Chinese and in billions of yuan in English, shares as percents,
// counts with separators.
import { lang } from './i18n.js'

export function missing(v) {
  return v === null || v === undefined || v === '' || (typeof v === 'number' && !Number.isFinite(v))
}

// Digits grouped by hand: Chinese and English write numbers alike (12,345.6), and the first
// Intl.NumberFormat a page makes costs 50–100 ms while its locale data loads, on the first view.
// Rounded half up on the number as it is written (8435.5265 → 8,435.527), as Intl does.
export function num(v, digits = 0) {
  if (missing(v)) return '—'
  const n = Number(v)
  if (Math.abs(n) >= 1e21) return String(n)
  const written = String(Math.abs(n))
  const scaled = written.includes('e') ? Math.abs(n) * 10 ** digits : Number(`${written}e${digits}`)
  const units = String(Math.round(scaled)).padStart(digits + 1, '0')
  const whole = units.slice(0, units.length - digits)
  const sign = n < 0 && /[1-9]/.test(units) ? '-' : ''
  return sign + whole.replace(/\B(?=(\d{3})+$)/g, ',') + (digits ? `.${units.slice(-digits)}` : '')
}

export function percent(v, digits = 1) {
  return missing(v) ? '—' : `${num(v * 100, digits)}%`
}

// 3183190989501 yuan → "31,831.9 亿元" / "3,183.2 bn yuan".
export function money(v) {
  if (missing(v)) return '—'
  return lang.value === 'zh' ? `${num(v / 1e8, 1)} 亿元` : `${num(v / 1e9, 1)} bn yuan`
}

// Change from last year as a signed percent: "+4.2%"; — when either year is missing or zero.
export function change(now, before) {
  if (missing(now) || missing(before) || before === 0) return '—'
  const c = (now - before) / Math.abs(before)
  return `${c >= 0 ? '+' : '−'}${num(Math.abs(c) * 100, 1)}%`
}

// Any cell of a table: numbers with separators, text as is, missing as —.
export function cell(v) {
  if (missing(v)) return '—'
  if (typeof v === 'number') return Number.isInteger(v) ? num(v) : num(v, 3)
  return String(v)
}
