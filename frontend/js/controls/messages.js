/**
 * The API's field errors in plain words, chosen by each error's `code` (never by the server's
 * English text), and written as the GOV.UK Design System writes error messages: say what to
 * do, and name the field. A control type may word a code its own way (its static `messages`),
 * and so may a field (its `messages`, `missing` and `invalid`). A code not known here asks the
 * person to check the field. A field left empty is asked for ("Enter your email address"),
 * whatever the API says is not right about the empty value.
 */

import { localeTag, t } from '../i18n.js'

/** @typedef {import('./base.js').Field} Field */
/** @typedef {import('../api.js').FieldError} FieldError */

/**
 * @typedef {object} MessageContext
 * @property {Field} field
 * @property {Record<string, unknown>} ctx - the error's context from the API (`max_length` …)
 * @property {string} label - the field to start a sentence with: its label ("Title"), its noun
 *   when it has one ("The full description"), or "Each keyword" for one item of a list
 * @property {string} noun - the field within a sentence: "the year it started", "your name"
 * @property {string} many - what the items of a list are called: "keywords", "people"
 */

/** @typedef {(c: MessageContext) => string} MessageRule */

/** @param {string} text */
function sentence (text) {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`
}

/**
 * "Year it started" → "the year it started"; "Your name" → "your name".
 * @param {string} label
 */
function nounOf (label) {
  const lower = `${label.charAt(0).toLowerCase()}${label.slice(1)}`
  // Translators: a field named within a sentence ("Enter the title"); {Label} is its label as shown.
  return /^your /.test(lower) ? lower : t('the {label}', { label: lower, Label: label })
}

/**
 * A limit from the error's context, else the one the field knows.
 * @param {MessageContext} c
 * @param {string} name
 * @param {number | undefined} known
 * @returns {number | null}
 */
function limit (c, name, known) {
  const value = Number(c.ctx[name] ?? known)
  return Number.isFinite(value) ? value : null
}

/** @type {MessageRule} */
const enter = (c) => c.field.missing ?? t('Enter {noun}', { noun: c.noun })

/** @type {MessageRule} */
const check = (c) => t('Check {noun}', { noun: c.noun })

/** @type {MessageRule} */
export const choose = (c) => c.field.missing ?? t('Select {noun}', { noun: c.noun })

/** @type {MessageRule} */
const wholeNumber = (c) => c.field.invalid ?? t('Enter {noun} as a whole number, like 3', { noun: c.noun })

/** @type {Record<string, MessageRule>} */
export const MESSAGES = {
  missing: enter,
  blank: enter,
  string_too_short: enter,
  string_too_long: (c) => {
    const max = limit(c, 'max_length', c.field.maxLength)
    return max === null ? t('{label} is too long', { label: c.label }) : t('{label} must be {max} characters or fewer', { label: c.label, max: max.toLocaleString(localeTag()) })
  },
  too_long: (c) => {
    const max = limit(c, 'max_length', c.field.maxItems)
    return max === null ? t('There are too many {many}', { many: c.many }) : t('You can add up to {max} {many}', { many: c.many, max: max.toLocaleString(localeTag()) })
  },
  url: (c) => c.field.invalid ?? t('Enter a web address starting with https:// or http://'),
  email: (c) => c.field.invalid ?? t('Enter an email address in the right form, like name@example.com'),
  int_type: wholeNumber,
  int_parsing: wholeNumber,
  greater_than_equal: (c) => {
    const min = limit(c, 'ge', c.field.min)
    return min === null ? check(c) : t('{label} must be {min} or more', { label: c.label, min: min.toLocaleString(localeTag()) })
  },
  less_than_equal: (c) => {
    const max = limit(c, 'le', c.field.max)
    return max === null ? check(c) : t('{label} must be {max} or less', { label: c.label, max: max.toLocaleString(localeTag()) })
  },
  end_before_start: (c) => t('{Noun} must be the same as or after the year it started', { Noun: sentence(c.noun), noun: c.noun }),
  duplicate: (c) => t('{Noun} is already used', { Noun: sentence(c.noun), noun: c.noun }),
  not_found: (c) => t('What you chose for {noun} no longer exists. Choose again', { noun: c.noun }),
  forbidden_field: (c) => t('You cannot change {noun}', { noun: c.noun }),
  honeypot: (c) => t('Leave {noun} empty', { noun: c.noun }),
  nul: (c) => t('{label} must not contain hidden characters', { label: c.label }),
  enum: choose,
  extra_forbidden: (c) => t('{label} cannot be saved here', { label: c.label })
}

/** Codes that, for a field left empty, mean it needs an answer. */
const EMPTY_MEANS_MISSING = new Set(['blank', 'string_too_short', 'string_pattern_mismatch', 'url', 'email', 'int_type', 'int_parsing', 'enum'])

/**
 * @param {Function | null} Type - the control's class
 * @param {string} code
 * @returns {MessageRule | undefined}
 */
function ruleOf (Type, code) {
  for (let C = Type; C && C !== Function.prototype; C = Object.getPrototypeOf(C)) {
    const own = Object.hasOwn(C, 'messages') ? /** @type {Record<string, MessageRule>} */ (/** @type {any} */ (C).messages) : null
    if (own && Object.hasOwn(own, code)) return own[code]
  }
  return undefined
}

/**
 * The message for an API error on a field.
 * @param {FieldError} error
 * @param {Field} field
 * @param {object} [about]
 * @param {string[]} [about.path] - within the field: the item of a list (`keywords.3`)
 * @param {Function | null} [about.Type] - the class of the field's control
 * @param {boolean} [about.empty] - the field was left empty
 */
export function messageFor (error, field, { path = [], Type = null, empty = false } = {}) {
  const code = empty && EMPTY_MEANS_MISSING.has(error.code) ? 'missing' : error.code ?? ''
  const own = field.messages && Object.hasOwn(field.messages, code) ? field.messages[code] : null
  if (own) return own
  const rule = ruleOf(Type, code) ?? (Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : check)
  const item = path.length > 0 && field.itemName ? field.itemName : null
  return rule({
    field,
    ctx: error.ctx ?? {},
    label: item ? t('Each {item}', { item }) : field.noun ? sentence(field.noun) : field.label,
    noun: item ? t('each {item}', { item }) : field.noun ?? nounOf(field.label),
    many: field.itemsName ?? t('{item}s', { item: field.itemName ?? t('item') })
  })
}
