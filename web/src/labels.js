// The server's bilingual values shown in the page's language: statuses come as "试点 pilot",
// regions as "东部 east"; province and industry names are given in Chinese with codes.
import { lang } from './i18n.js'

// "试点 pilot" → "试点" or "pilot"; a value without the pair comes back as it is.
export function pair(text) {
  if (typeof text !== 'string') return text
  const space = text.lastIndexOf(' ')
  if (space < 0 || !/^[\x20-\x7e]+$/.test(text.slice(space + 1))) return text
  return lang.value === 'zh' ? text.slice(0, space) : text.slice(space + 1)
}

const regionsEn = { 东部: 'east', 中部: 'central', 西部: 'west', 东北: 'northeast', 全国: 'national' }
export function region(name) {
  return lang.value === 'zh' ? name : regionsEn[name] ?? name
}

// A province by its short Chinese name, in the page's language (provinces from /api/v1/provinces).
export function provinceName(provinces, shortZh) {
  if (lang.value === 'zh') return shortZh
  return provinces.find((p) => p.short_zh === shortZh)?.name_en ?? shortZh
}
