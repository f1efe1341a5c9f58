/**
 * A table that may be wider than a phone's screen scrolls sideways in its own box; the box can
 * take focus (and is named by the table's caption), so that it scrolls with the keyboard too.
 */

import { h } from '../../dom.js'

/** @param {HTMLTableElement} $table */
export function tableWrap ($table) {
  const label = $table.querySelector('caption')?.textContent ?? ''
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': label || null }, $table)
}
