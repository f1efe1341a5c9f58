/**
 * Forms described as data (the deposit form and the editors' entry forms): fields, and groups
 * of fields under a legend, each drawn by the control its type names (controls/). The API's
 * per-field errors (problem details, `errors[].field` such as `contributors.0.name`) are shown
 * next to their fields and listed in an error summary, as in the GOV.UK Design System.
 */

import { h } from './dom.js'
import { createControl } from './controls/index.js'
import { messageFor } from './controls/messages.js'
import { t } from './i18n.js'

/** @typedef {import('./controls/base.js').Control} Control */
/** @typedef {import('./controls/base.js').Field} Field */
/** @typedef {import('./api.js').FieldError} FieldError */
/** @typedef {import('./components/error-summary.js').SummaryItem} SummaryItem */

/**
 * A field the form does not show (an error about it has no field to stand by), named from the
 * API's name for it: `external_id` is "External id".
 * @param {string} name
 * @returns {Field}
 */
function unshown (name) {
  if (!name) return { name, label: t('What you entered'), noun: t('what you entered'), type: 'text' }
  const words = name.replace(/[._]/g, ' ')
  return { name, label: `${words.charAt(0).toUpperCase()}${words.slice(1)}`, type: 'text' }
}

export class FormFields {
  /**
   * @param {Array<Field | { legend: string, hint?: string, fields: Field[] }>} layout - fields,
   *   and groups of fields under a legend
   * @param {string} idPrefix
   */
  constructor (layout, idPrefix) {
    /** @type {Map<string, Control>} */
    this.controls = new Map()
    this.$element = h('div', {},
      layout.map((part) => {
        if ('legend' in part) {
          return h('fieldset', { class: 'form-section' },
            h('legend', { class: 'legend--m' }, h('h2', { class: 'heading-l' }, part.legend)),
            part.hint ? h('p', { class: 'hint' }, part.hint) : null,
            part.fields.map((field) => this.make(field, idPrefix)))
        }
        return this.make(part, idPrefix)
      }))
  }

  /**
   * @param {Field} field
   * @param {string} idPrefix
   */
  make (field, idPrefix) {
    const control = createControl(field, `${idPrefix}-${field.name.replace(/[^a-z0-9_-]/gi, '')}`)
    this.controls.set(field.name, control)
    return control.$group
  }

  /** @returns {Record<string, unknown>} */
  read () {
    /** @type {Record<string, unknown>} */
    const out = {}
    for (const [name, control] of this.controls) {
      const value = control.read()
      if (value !== undefined) out[name] = value
    }
    return out
  }

  /** @param {Record<string, any>} entry */
  fill (entry) {
    for (const [name, control] of this.controls) control.fill(entry[name])
  }

  clearErrors () {
    for (const control of this.controls.values()) control.clearErrors()
  }

  /**
   * Show the API's field errors by their fields; returns the error summary's items, in the
   * order of the form (each once).
   * @param {FieldError[]} errors
   * @returns {SummaryItem[]}
   */
  showErrors (errors) {
    this.clearErrors()
    /** @type {Array<{ order: number, item: SummaryItem }>} */
    const items = []
    const names = [...this.controls.keys()]
    for (const error of errors) {
      const [name, ...path] = (error.field ?? '').split('.')
      const shown = this.controls.get(name)
      if (!shown) {
        items.push({ order: Infinity, item: { text: messageFor(error, unshown(error.field ?? '')), href: null } })
        continue
      }
      const { control, path: within } = shown.locate(path)
      const text = control.message(error, within)
      if (!control.$errorMessage) control.setError(text)
      const $focus = control.focusTarget()
      items.push({ order: names.indexOf(name) + (Number(path[0]) || 0) / 1000, item: { text, href: $focus?.id ? `#${$focus.id}` : null } })
    }
    /** @type {Map<string, SummaryItem>} the same message for the same field is listed once */
    const once = new Map()
    for (const { item } of items.sort((a, b) => a.order - b.order)) {
      const key = `${item.href} ${item.text}`
      if (!once.has(key)) once.set(key, item)
    }
    return [...once.values()]
  }
}
