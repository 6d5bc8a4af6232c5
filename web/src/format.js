// Figures as people read them: missing is — (never 0, NaN, null or undefined), money in 亿元
// (hundred millions of yuan) in Chinese and in billions of yuan in English, shares as percents,
// counts with separators.
import { lang } from './i18n.js'

export function missing(v) {
  return v === null || v === undefined || v === '' || (typeof v === 'number' && !Number.isFinite(v))
}

// One formatter per language and number of decimals: making one is far slower than using it,
// and a table of 150 rows formats a thousand figures.
const formats = new Map()
export function num(v, digits = 0) {
  if (missing(v)) return '—'
  const key = `${lang.value}:${digits}`
  let f = formats.get(key)
  if (!f) {
    f = new Intl.NumberFormat(lang.value === 'zh' ? 'zh-CN' : 'en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    })
    formats.set(key, f)
  }
  return f.format(Number(v))
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
