/** Words shown for the API's values, in plain language, and dates as people write them. */

import { localeTag, t } from './i18n.js'

export const SITE_NAME = t('Co-production Knowledge Base')

/** @type {Record<string, {one: string, many: string}>} */
export const KINDS = {
  resources: { one: t('Resource'), many: t('Resources') },
  projects: { one: t('Project'), many: t('Projects') },
  networks: { one: t('Network'), many: t('Networks') },
  'toolkit-sections': { one: t('Toolkit section'), many: t('Toolkit sections') }
}
export const KIND_NAMES = Object.keys(KINDS)

/** @type {Record<string, string>} */
const TYPES = {
  case_study: t('Case study'),
  research: t('Research project'),
  // Resources' and networks' types as the seed and most partners write them; any other
  // value is shown as it comes, capitalised.
  report: t('Report'),
  guide: t('Guide'),
  framework: t('Framework'),
  website: t('Website'),
  video: t('Video'),
  paper: t('Paper'),
  article: t('Article'),
  diagram: t('Diagram'),
  toolkit: t('Toolkit'),
  presentation: t('Presentation'),
  'literature review': t('Literature review'),
  app: t('App'),
  animation: t('Animation'),
  'support organisation': t('Support organisation'),
  network: t('Network'),
  'working group': t('Working group'),
  'advisory group': t('Advisory group')
}

/** @param {string} kind */
export function kindLabel (kind) {
  return KINDS[kind]?.one ?? kind
}

/** @param {string} kind */
export function kindsLabel (kind) {
  return KINDS[kind]?.many ?? kind
}

/** @param {string | null | undefined} type */
export function typeLabel (type) {
  if (!type) return ''
  return TYPES[type] ?? type.charAt(0).toUpperCase() + type.slice(1)
}

/**
 * @param {number | null | undefined} start
 * @param {number | null | undefined} end
 */
export function yearsText (start, end) {
  if (!start && !end) return ''
  if (start && !end) return t('{start} to now', { start })
  if (!start) return t('Until {end}', { end: String(end) })
  return start === end ? String(start) : t('{start} to {end}', { start, end })
}

// Month names from the catalogue, not Intl: browsers built with a smaller set of locales
// (Debian's Chromium among them) know no Welsh months and would answer in English.
const MONTHS = [
  t('January'), t('February'), t('March'), t('April'), t('May'), t('June'),
  t('July'), t('August'), t('September'), t('October'), t('November'), t('December')
]

/** "2 December 2026", in the page's language. @param {string | null | undefined} iso */
export function dateText (iso) {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  return t('{day} {month} {year}', { day: date.getDate(), month: MONTHS[date.getMonth()], year: date.getFullYear() })
}

/**
 * "3 results" (English words: in either language, tn() with `{count}` gives the sentence whole).
 * @param {number} count
 * @param {string} one
 * @param {string} [many]
 */
export function plural (count, one, many = `${one}s`) {
  return `${count.toLocaleString(localeTag())} ${count === 1 ? one : many}`
}

/** @param {string} [text] */
export function pageTitle (text) {
  return text ? `${text} – ${SITE_NAME}` : SITE_NAME
}

/** @param {string} kind @param {string} slug */
export function entryPath (kind, slug) {
  return `/${kind}/${encodeURIComponent(slug)}`
}
