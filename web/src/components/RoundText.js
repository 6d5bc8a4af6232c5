// Words the selection-round parts share: stage and state names, the server's error message in the
// page's language, and a number with a fixed count of decimals.
import { both, t } from '../i18n.js'
import { missing, num } from '../format.js'

const stages = ['applications', 'recommendation', 'review', 'decision', 'notice', 'closed']
export const stageOrder = stages

export function stageName(stage) {
  return stages.includes(stage) ? t(`stage.${stage}`) : missing(stage) ? '—' : String(stage)
}

const states = ['submitted', 'returned', 'recommended', 'admitted']
export function stateName(state) {
  return states.includes(state) ? t(`appstate.${state}`) : missing(state) ? '—' : String(state)
}

export function yesNo(v) {
  if (v === 'yes' || v === true) return t('rounds.yes')
  if (v === 'no' || v === false) return t('rounds.no')
  return '—'
}

export function message(e) {
  return e?.messages ? both(e.messages) : String(e?.message ?? e)
}

export function fixed(v, digits = 1) {
  return missing(v) ? '—' : num(v, digits)
}
