/**
 * The footer (data-module="ckb-licence"): states the content licence the API reports, and
 * points its feed and export links at the API (which may be on another origin).
 */

import { apiUrl } from '../api.js'
import { fill, h } from '../dom.js'
import { defineModule } from '../modules.js'
import { siteMeta } from '../site.js'

export class LicenceFooter {
  /** @param {HTMLElement} $root */
  constructor ($root) {
    this.$root = $root
    for (const $link of $root.querySelectorAll('a[data-api-link]')) {
      const url = new URL($link.getAttribute('href') ?? '/', window.location.origin)
      $link.setAttribute('href', apiUrl(url.pathname) + url.search)
    }
    this.showLicence()
  }

  async showLicence () {
    const meta = await siteMeta()
    const $licence = this.$root.querySelector('[data-licence]')
    if (!$licence) return
    fill($licence, 
      'You can reuse all content under the ',
      h('a', { href: meta.licence.url, rel: 'license' }, meta.licence.name),
      ' licence, unless it says otherwise. Please say where it came from.'
    )
  }
}

defineModule('ckb-licence', LicenceFooter)
