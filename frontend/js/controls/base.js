/**
 * What every control shares, as GOV.UK Frontend's form components share it: the label (or the
 * legend of a group) with "(optional)" after it, the hint, the error message after the hint,
 * and aria-describedby naming both. Each control type is a subclass, in a module of its own,
 * made from a field description (Field) by createControl (registry.js).
 */

import { h } from '../dom.js'
import { messageFor } from './messages.js'
import { t } from '../i18n.js'

/** @typedef {import('../dom.js').Attributes} Attributes */
/** @typedef {import('../dom.js').Children} Children */
/** @typedef {import('../api.js').FieldError} FieldError */

/**
 * @typedef {object} Field
 * @property {string} name - the field's name in the API
 * @property {string} label
 * @property {string} type - the control type (see index.js): text, email, url, password,
 *   number, year, textarea, lines, keywords, select, radios, repeat, related or honeypot
 * @property {string} [hint]
 * @property {boolean} [optional] - shown as "(optional)"
 * @property {boolean} [nullable] - an empty value is sent as null (else as '')
 * @property {string} [autocomplete]
 * @property {'short'} [width]
 * @property {number} [rows]
 * @property {Array<{ value: string | number | null, label: string }>} [options] - of a select or radios
 * @property {string[]} [suggestions] - offered as a datalist
 * @property {Field[]} [fields] - the fields of each item of a repeat
 * @property {string} [itemName] - what one item of a list is called ("person", "keyword")
 * @property {string} [itemsName] - what several are called, if not itemName + "s" ("people")
 * @property {string} [addLabel] - the repeat's add button
 * @property {number} [maxLength] - the API's limit in characters (of each item, in a list)
 * @property {number} [maxItems] - the API's limit on the items of a list
 * @property {number} [min] - the API's smallest number
 * @property {number} [max] - the API's largest number
 * @property {string} [noun] - the field within a sentence, if not "the" and its label
 * @property {string} [missing] - the message when it is empty but must not be
 * @property {string} [invalid] - the message when it is not in the right form
 * @property {Record<string, string>} [messages] - this field's own messages, by error code
 * @property {(q: string) => Promise<import('./related-picker.js').Ref[]>} [find] - the related
 *   picker's search
 */

/** One field on the page. */
export class Control {
  /**
   * This control type's messages by error code, before the shared ones (messages.js); a
   * subclass's own come before those of the class it extends.
   * @type {Record<string, import('./messages.js').MessageRule>}
   */
  static messages = {}

  /**
   * build() runs here, so a subclass keeps its state in what build() sets (class fields would
   * be set only after it).
   * @param {Field} field
   * @param {string} id
   */
  constructor (field, id) {
    this.field = field
    this.id = id
    this.hintId = field.hint ? `${id}-hint` : null
    this.errorId = `${id}-error`
    /** @type {HTMLElement | null} */
    this.$errorMessage = null
    /** @type {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null} the one control of a labelled group */
    this.$control = null
    this.$group = this.build()
  }

  get label () {
    return this.field.optional ? t('{label} (optional)', { label: this.field.label }) : this.field.label
  }

  /** @returns {HTMLElement} */
  build () {
    throw new Error(`${this.constructor.name} has no build()`)
  }

  hint () {
    return this.field.hint ? h('span', { class: 'hint', id: this.hintId }, this.field.hint) : null
  }

  /**
   * A form group of one control: its label, its hint, the control and what follows it.
   * @param {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} $control
   * @param {...Children} after
   */
  labelled ($control, ...after) {
    this.$control = $control
    return h('div', { class: 'form-group' }, h('label', { class: 'label', for: this.id }, this.label), this.hint(), $control, ...after)
  }

  /**
   * A form group of several inputs under a legend; the hint and the error describe the fieldset.
   * @param {Attributes} legend - the legend's attributes
   * @param {...Children} children
   */
  fieldset (legend, ...children) {
    return h('fieldset', { class: 'form-group', 'aria-describedby': this.hintId }, h('legend', legend, this.label), this.hint(), ...children)
  }

  /** @returns {unknown} the value to send; undefined leaves the field out */
  read () {
    return undefined
  }

  /** @param {any} value - undefined (the entry does not have the field) leaves it as it is */
  fill (value) {
    if (value === undefined || !this.$control) return
    this.$control.value = value === null ? '' : String(value)
  }

  /** @returns {HTMLElement | null} where the error summary's link takes focus */
  focusTarget () {
    return this.$control
  }

  /**
   * The control an error's path within this one is about, and what is left of the path (the
   * item of a list).
   * @param {string[]} path
   * @returns {{ control: Control, path: string[] }}
   */
  locate (path) {
    return { control: this, path }
  }

  /** Nothing was entered (or chosen). */
  isEmpty () {
    const value = this.read()
    return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
  }

  /**
   * @param {FieldError} error
   * @param {string[]} path - within this control (the item of a list)
   */
  message (error, path) {
    return messageFor(error, this.field, { path, Type: this.constructor, empty: path.length === 0 && this.isEmpty() })
  }

  /**
   * Show a message by the control (null takes it away): after the hint, named by
   * aria-describedby, and the control marked invalid.
   * @param {string | null} message
   */
  setError (message) {
    this.$errorMessage?.remove()
    this.$errorMessage = message
      ? h('p', { class: 'error-message', id: this.errorId }, h('span', { class: 'visually-hidden' }, t('Error:'), ' '), message)
      : null
    this.$group.classList.toggle('form-group--error', Boolean(message))
    const $described = this.$control ?? this.$group
    const describedBy = ($described.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== this.errorId)
    if (this.$errorMessage) {
      const $before = this.$group.querySelector(':scope > .hint') ?? this.$group.querySelector(':scope > label, :scope > legend')
      if ($before) $before.after(this.$errorMessage)
      else this.$group.prepend(this.$errorMessage)
      describedBy.push(this.errorId)
    }
    if (describedBy.length) $described.setAttribute('aria-describedby', describedBy.join(' '))
    else $described.removeAttribute('aria-describedby')
    if (!this.$control) return
    if (message) this.$control.setAttribute('aria-invalid', 'true')
    else this.$control.removeAttribute('aria-invalid')
  }

  /** Take away this control's messages (a group's take away those of its parts too). */
  clearErrors () {
    this.setError(null)
  }
}
