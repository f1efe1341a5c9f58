/**
 * Ways to cite an entry: a plain-text reference (Harvard style, in the page's language), BibTeX
 * and RIS (data for reference managers: their field names stay as they are).
 */

import { t } from '../../i18n.js'
import { SITE_NAME, dateText } from '../../labels.js'

/** @typedef {Record<string, any>} Entry */

/** @param {Entry} entry @returns {string[]} */
function creators (entry) {
  if (entry.kind === 'resources') return entry.authors?.length ? entry.authors : (entry.publisher ? [entry.publisher] : [])
  if (entry.kind === 'projects') return (entry.contributors ?? []).map((/** @type {Entry} */ c) => c.name)
  if (entry.kind === 'networks') return entry.organisation ? [entry.organisation] : []
  return []
}

/** @param {Entry} entry @returns {number | null} */
function year (entry) {
  return entry.year ?? entry.start_year ?? null
}

/** @param {Date} date */
function isoDate (date) {
  return date.toISOString().slice(0, 10)
}

/**
 * @param {Entry} entry
 * @param {string} url
 * @param {Date} today
 */
export function citation (entry, url, today) {
  const who = creators(entry)
  const names = who.length > 3
    ? t('{name} et al.', { name: who[0] })
    : who.length > 1 ? t('{names} and {last}', { names: who.slice(0, -1).join(', '), last: who[who.length - 1] }) : who.join('')
  // Not inside the template literals below, where the catalogue's extractor would not find them.
  const undated = t('no date')
  const available = t('Available at: {url} (Accessed: {date}).', { url, date: dateText(today.toISOString()) })
  const parts = [
    `${names || SITE_NAME} (${year(entry) ?? undated})`,
    ` ${entry.title}.`,
    entry.kind === 'resources' && entry.publisher && who[0] !== entry.publisher ? ` ${entry.publisher}.` : '',
    ` ${SITE_NAME}.`,
    ` ${available}`
  ]
  return parts.join('')
}

/** Characters with a meaning in BibTeX, escaped. @param {string} text */
function tex (text) {
  return String(text)
    .replace(/\\/g, '\\textbackslash{}')
    .replace(/([{}%&$#_])/g, '\\$1')
    .replace(/~/g, '\\textasciitilde{}')
    .replace(/\^/g, '\\textasciicircum{}')
    .replace(/\s+/g, ' ')
}

/**
 * @param {Entry} entry
 * @param {string} url
 * @param {Date} today
 */
export function bibtex (entry, url, today) {
  const fields = [
    ['title', `{${tex(entry.title)}}`],
    ['author', creators(entry).map((name) => `{${tex(name)}}`).join(' and ')],
    ['year', year(entry) ? String(year(entry)) : ''],
    ['publisher', entry.kind === 'resources' && entry.publisher ? tex(entry.publisher) : ''],
    ['url', url],
    ['urldate', isoDate(today)],
    ['note', tex(`${SITE_NAME}${entry.summary ? `: ${entry.summary.slice(0, 200)}` : ''}`)],
    ['keywords', tex((entry.keywords ?? []).join(', '))]
  ].filter(([, value]) => value)
  const key = `ckb-${entry.kind}-${entry.id}`
  const type = entry.kind === 'resources' && entry.type === 'report' ? 'techreport' : 'misc'
  const body = fields.map(([name, value]) => `  ${name} = {${value}}`).join(',\n')
  return `@${type}{${key},\n${body}\n}\n`
}

/** RIS values are one line each. @param {unknown} text */
function line (text) {
  return String(text ?? '').replace(/\s+/g, ' ').trim()
}

/** @type {Record<string, string>} */
const RIS_TYPES = { report: 'RPRT', video: 'VIDEO', website: 'ELEC', article: 'JOUR', guide: 'GEN' }

/**
 * @param {Entry} entry
 * @param {string} url
 * @param {Date} today
 */
export function ris (entry, url, today) {
  const type = entry.kind === 'resources' ? RIS_TYPES[entry.type] ?? 'GEN' : 'ELEC'
  const lines = [
    ['TY', type],
    ['TI', entry.title],
    ...creators(entry).map((name) => ['AU', name]),
    ['PY', year(entry) ?? ''],
    ['PB', entry.kind === 'resources' ? entry.publisher ?? '' : ''],
    ['AB', entry.summary],
    ...(entry.keywords ?? []).map((/** @type {string} */ k) => ['KW', k]),
    ['UR', url],
    ['Y2', isoDate(today)],
    ['DB', SITE_NAME]
  ].filter(([, value]) => line(value))
  return `${lines.map(([tag, value]) => `${tag}  - ${line(value)}`).join('\r\n')}\r\nER  - \r\n`
}
