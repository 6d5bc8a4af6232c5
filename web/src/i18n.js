// Every label in Chinese (the default) and English. Each view keeps its words in its own file
// under i18n/ ({ zh: {...}, en: {...} }), gathered here; t('key') gives the current language's
// text, and a key missing from the current language falls back to the other one — never to the
// key itself, so a page cannot show a raw key (the browser tests look for them).
import { ref } from 'vue'

const files = import.meta.glob('./i18n/*.js', { eager: true })
const messages = { zh: {}, en: {} }
for (const file of Object.values(files)) {
  Object.assign(messages.zh, file.default.zh)
  Object.assign(messages.en, file.default.en)
}

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('lang') : null
export const lang = ref(saved === 'en' ? 'en' : 'zh')

export function setLang(value) {
  lang.value = value
  localStorage.setItem('lang', value)
  document.documentElement.lang = value === 'zh' ? 'zh-CN' : 'en'
}

// t('overview.title'), t('rows', { n: 3 }) with "{n} rows".
export function t(key, params) {
  const own = messages[lang.value][key]
  const other = messages[lang.value === 'zh' ? 'en' : 'zh'][key]
  let text = own ?? other
  if (text === undefined) {
    console.error(`i18n: no text for ${key}`)
    text = '—'
  }
  if (params) text = text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? '—'))
  return text
}

// A server message given in both languages ({ zh, en }), or a plain string.
export function both(message) {
  if (message && typeof message === 'object') return message[lang.value] ?? message.zh ?? message.en
  return message ?? '—'
}

export function allMessages() {
  return messages
}
