/**
 * A repeating group: a list of items of several fields each (people, reports, links), under a
 * legend, with a button to add another and one to remove each. Items left empty are not sent.
 */

import { h, uid } from '../dom.js'
import { Control } from './base.js'
import { createControl, defineControl } from './registry.js'
import { t } from '../i18n.js'

/** @typedef {{ $item: HTMLFieldSetElement, controls: Control[] }} Item */

export class RepeatGroup extends Control {
  build () {
    /** @type {Item[]} */
    this.items = []
    /** @type {Item[] | null} the items read last, by the API's item numbers (empty ones are not sent) */
    this.sent = null
    this.$items = h('div', {})
    this.$add = h('button', { type: 'button', class: 'button button--secondary', on: { click: () => this.add(true) } }, this.field.addLabel ?? t('Add another {item}', { item: this.itemName }))
    this.add(false)
    return this.fieldset({ class: 'legend--m' }, this.$items, this.$add)
  }

  get itemName () {
    return this.field.itemName ?? t('item')
  }

  /** @param {boolean} focus - move focus to the new item's first field */
  add (focus) {
    const controls = (this.field.fields ?? []).map((sub) => createControl(sub, `${this.id}-${uid('item')}-${sub.name}`))
    /** @type {Item} */
    const item = { $item: h('fieldset', { class: 'repeat' }, h('legend', {}), controls.map((c) => c.$group)), controls }
    item.$item.append(h('button', { type: 'button', class: 'link-button', on: { click: () => this.remove(item) } }))
    this.items.push(item)
    this.$items.append(item.$item)
    this.renumber()
    if (focus) controls[0]?.focusTarget()?.focus()
  }

  /** @param {Item} item */
  remove (item) {
    const at = this.items.indexOf(item)
    item.$item.remove()
    this.items.splice(at, 1)
    if (!this.items.length) this.add(false)
    this.renumber()
    const $next = this.items[Math.min(at, this.items.length - 1)]?.controls[0]?.focusTarget()
    ;($next ?? this.$add).focus()
  }

  renumber () {
    const name = this.itemName
    this.items.forEach((item, i) => {
      const $legend = item.$item.querySelector('legend')
      if ($legend) $legend.textContent = t('{Item} {number}', { Item: `${name.charAt(0).toUpperCase()}${name.slice(1)}`, number: i + 1 })
      const $remove = /** @type {HTMLElement} */ (item.$item.lastElementChild)
      $remove.textContent = t('Remove {item} {number}', { item: name, number: i + 1 })
    })
  }

  /** @param {Record<string, unknown>} value */
  static isEmpty (value) {
    return Object.values(value).every((v) => v === null || v === '' || (Array.isArray(v) && !v.length))
  }

  read () {
    this.sent = []
    const out = []
    for (const item of this.items) {
      const value = Object.fromEntries(item.controls.map((c) => [c.field.name, c.read()]))
      if (RepeatGroup.isEmpty(value)) continue
      this.sent.push(item)
      out.push(value)
    }
    return out
  }

  /** @param {Array<Record<string, any>> | null | undefined} values - undefined empties it too */
  fill (values) {
    for (const item of this.items) item.$item.remove()
    this.items = []
    for (const value of values ?? []) {
      this.add(false)
      for (const control of this.items[this.items.length - 1].controls) control.fill(value[control.field.name])
    }
    if (!this.items.length) this.add(false)
  }

  isEmpty () {
    return this.items.every((item) => item.controls.every((control) => control.isEmpty()))
  }

  focusTarget () {
    return this.items[0]?.controls[0]?.focusTarget() ?? this.$add
  }

  /**
   * `contributors.0.name`: the Name of the first person sent.
   * @param {string[]} path
   * @returns {{ control: Control, path: string[] }}
   */
  locate (path) {
    const [index, name, ...rest] = path
    const item = index === undefined ? null : (this.sent ?? this.items)[Number(index)]
    if (!item) return { control: this, path: [] }
    const control = item.controls.find((c) => c.field.name === name) ?? item.controls[0]
    return control.locate(rest)
  }

  clearErrors () {
    this.setError(null)
    for (const item of this.items) for (const control of item.controls) control.clearErrors()
  }
}

defineControl('repeat', RepeatGroup)
