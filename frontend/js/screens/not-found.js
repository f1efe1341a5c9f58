/** "Page not found", for addresses that match no screen and entries that do not exist. */

import { fill, h } from '../dom.js'
import { pageTitle } from '../labels.js'
import { t, tf } from '../i18n.js'

/**
 * @param {HTMLElement} $container
 * @param {string} [what] - what was not found, in words
 */
export function showNotFound ($container, what) {
  document.title = pageTitle(t('Page not found'))
  fill($container, 
    h('h1', {}, t('Page not found')),
    h('p', {}, what
      ? t('We could not find {what}. If you typed the address, check it is correct.', { what })
      : t('We could not find this page. If you typed the address, check it is correct.')),
    h('p', {}, ...tf('It may have been moved or removed. You can {search} or {toolkit}.', {
      search: h('a', { href: '/search' }, t('search the knowledge base')),
      toolkit: h('a', { href: '/toolkit' }, t('look through the toolkit'))
    }))
  )
}

export class NotFoundScreen {
  /** @param {HTMLElement} $main */
  constructor ($main) {
    this.$main = $main
  }

  async show () {
    showNotFound(this.$main)
  }
}
