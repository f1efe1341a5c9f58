/** Words shown for the API's values, in plain language, and dates as people write them. */

export const SITE_NAME = 'Co-production Knowledge Base'

/** @type {Record<string, {one: string, many: string}>} */
export const KINDS = {
  resources: { one: 'Resource', many: 'Resources' },
  projects: { one: 'Project', many: 'Projects' },
  networks: { one: 'Network', many: 'Networks' },
  'toolkit-sections': { one: 'Toolkit section', many: 'Toolkit sections' }
}
export const KIND_NAMES = Object.keys(KINDS)

/** @type {Record<string, string>} */
const TYPES = {
  case_study: 'Case study',
  research: 'Research project'
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
  if (start && !end) return `${start} to now`
  if (!start) return `Until ${end}`
  return start === end ? String(start) : `${start} to ${end}`
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })

/** @param {string | null | undefined} iso */
export function dateText (iso) {
  if (!iso) return ''
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '' : dateFormat.format(date)
}

/**
 * @param {number} count
 * @param {string} one
 * @param {string} [many]
 */
export function plural (count, one, many = `${one}s`) {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`
}

/** @param {string} [text] */
export function pageTitle (text) {
  return text ? `${text} – ${SITE_NAME}` : SITE_NAME
}

/** @param {string} kind @param {string} slug */
export function entryPath (kind, slug) {
  return `/${kind}/${encodeURIComponent(slug)}`
}
