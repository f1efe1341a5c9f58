/** "Page not found", for addresses that match no screen and entries that do not exist. */

import { fill, h } from '../dom.js'
import { pageTitle } from '../labels.js'

/**
 * @param {HTMLElement} $container
 * @param {string} [what] - what was not found, in words
 */
export function showNotFound ($container, what = 'this page') {
  document.title = pageTitle('Page not found')
  fill($container, 
    h('h1', {}, 'Page not found'),
    h('p', {}, `We could not find ${what}. If you typed the address, check it is correct.`),
    h('p', {}, 'It may have been moved or removed. You can ', h('a', { href: '/search' }, 'search the knowledge base'), ' or ', h('a', { href: '/toolkit' }, 'look through the toolkit'), '.')
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
