/**
 * A message at the top of an editor's view after an action ("Published …"), which takes focus
 * so that screen readers read it.
 */

import { fill, h } from '../../dom.js'

/**
 * @param {HTMLElement} $container
 * @param {'success' | 'important'} kind
 * @param {string} title
 * @param {Array<Node | string>} content
 */
export function showBanner ($container, kind, title, content) {
  const $banner = h('div', { class: `banner${kind === 'success' ? ' banner--success' : ''}`, role: kind === 'success' ? 'status' : 'alert', tabindex: '-1' },
    h('h2', { class: 'banner__title' }, title),
    h('div', { class: 'banner__content' }, h('p', {}, content)))
  fill($container, $banner)
  $banner.focus()
}
