/**
 * Fields and their values as the editors' history, merge and review screens show them: a
 * field's label in plain words (the forms' own, fields.js), a value as short text, and a
 * "what changes" list of fields with their value before and after.
 */

import { h } from '../../dom.js'
import { BODY, KEYWORDS, KIND_FIELDS, LINKS, SUMMARY, TITLE } from '../../fields.js'
import { t } from '../../i18n.js'

/** @typedef {import('../../controls/base.js').Field} Field */

/** Fields the forms do not show, named here. */
const OTHER_LABELS = () => ({
  related: t('Related entries'),
  status: t('Who can see it'),
  parent_id: t('Where it goes in the toolkit'),
  position: t('Place among the sections next to it'),
  translations: t('Welsh version'),
  slug: t('Web address on this site'),
  slug_cy: t('Welsh web address on this site')
})

/**
 * The fields an entry of this kind has, in the order its form shows them.
 * @param {string} kind
 * @returns {Field[]}
 */
export function kindFields (kind) {
  return [TITLE, SUMMARY, BODY, ...(KIND_FIELDS[kind] ?? []), KEYWORDS, LINKS]
}

/**
 * @param {string} kind
 * @param {string} name
 */
export function fieldLabel (kind, name) {
  const field = kindFields(kind).find((f) => f.name === name)
  if (field) return t(field.label)
  return /** @type {Record<string, string>} */ (OTHER_LABELS())[name] ?? name
}

const LONGEST = 400

/**
 * A value as one short line of text (long text is cut, with an ellipsis).
 * @param {unknown} value
 * @returns {string}
 */
export function valueText (value) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return t('(empty)')
  }
  let text
  if (Array.isArray(value)) {
    text = value.map((item) => itemText(item)).join('; ')
  } else if (typeof value === 'object') {
    text = Object.entries(/** @type {Record<string, unknown>} */ (value))
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join('; ')
  } else {
    text = String(value)
  }
  return text.length > LONGEST ? `${text.slice(0, LONGEST)}…` : text
}

/** @param {unknown} item */
function itemText (item) {
  if (item === null || typeof item !== 'object') return String(item)
  if (Array.isArray(item)) return item.join(' ') // a relation, [kind, id]
  const record = /** @type {Record<string, unknown>} */ (item)
  if ('url' in record && ('label' in record || 'title' in record)) {
    const words = record.label || record.title
    return words ? `${words} (${record.url ?? ''})` : String(record.url ?? '')
  }
  if ('title' in record) return String(record.title)
  return Object.values(record).filter((v) => v !== null && v !== undefined && v !== '').join(', ')
}

/**
 * @typedef {object} Change
 * @property {string} label
 * @property {unknown} from
 * @property {unknown} to
 */

/**
 * A list of changes, each field with what it is and what it will be (or was and became).
 * @param {Change[]} changes
 * @param {{ from: string, to: string }} words - the two columns' names, such as "Now" and "After"
 */
export function changeList (changes, words) {
  return h('dl', { class: 'change-list' },
    changes.map((change) =>
      h('div', { class: 'change-list__row' },
        h('dt', {}, change.label),
        h('dd', {},
          h('span', { class: 'change-list__was' }, h('span', { class: 'change-list__word' }, `${words.from}: `), valueText(change.from)),
          h('span', { class: 'change-list__now' }, h('span', { class: 'change-list__word' }, `${words.to}: `), valueText(change.to))))))
}

/**
 * @param {unknown} a
 * @param {unknown} b
 */
export function same (a, b) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}
