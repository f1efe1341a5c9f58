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
  // Apart from the tf() call: Babel's extractor does not see a t() among another call's arguments.
  const searchWords = t('search the knowledge base')
  const toolkitWords = t('look through the toolkit')
  fill($container, 
    h('h1', {}, t('Page not found')),
    h('p', {}, what
      ? t('We could not find {what}. If you typed the address, check it is correct.', { what })
      : t('We could not find this page. If you typed the address, check it is correct.')),
    h('p', {}, ...tf('It may have been moved or removed. You can {search} or {toolkit}.', {
      search: h('a', { href: '/search' }, searchWords),
      toolkit: h('a', { href: '/toolkit' }, toolkitWords)
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
