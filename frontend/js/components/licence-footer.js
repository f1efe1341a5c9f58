/**
 * The footer (data-module="ckb-licence"): states the content licence the API reports, and
 * points its feed and export links at the API (which may be on another origin).
 */

import { apiUrl } from '../api.js'
import { fill, h } from '../dom.js'
import { defineModule } from '../modules.js'
import { siteMeta } from '../site.js'
import { pageLanguage, tf } from '../i18n.js'

export class LicenceFooter {
  /** @param {HTMLElement} $root */
  constructor ($root) {
    this.$root = $root
    for (const $link of $root.querySelectorAll('a[data-api-link]')) {
      const url = new URL($link.getAttribute('href') ?? '/', window.location.origin)
      // The feeds and the export in the page's language.
      if (pageLanguage() !== 'en' && url.pathname !== '/api/docs') url.searchParams.set('lang', pageLanguage())
      $link.setAttribute('href', apiUrl(url.pathname) + url.search)
    }
    this.showLicence()
  }

  async showLicence () {
    const meta = await siteMeta()
    const $licence = this.$root.querySelector('[data-licence]')
    if (!$licence) return
    fill($licence, ...tf('You can reuse all content under the {licence} licence, unless it says otherwise. Please say where it came from.', {
      licence: h('a', { href: meta.licence.url, rel: 'license' }, meta.licence.name)
    }))
  }
}

defineModule('ckb-licence', LicenceFooter)
