/**
 * What happened to a case study (/deposit/status/{token}): waiting, published (with a link),
 * or not published (with the editor's reason).
 */

import { ApiError, getJson } from '../api.js'
import { fill, h } from '../dom.js'
import { dateText, pageTitle } from '../labels.js'
import { t } from '../i18n.js'

/** @type {Record<string, { tag: string, text: string }>} */
const STATUSES = {
  pending: { tag: t('Waiting for review'), text: t('An editor has not looked at it yet. Please check again later.') },
  published: { tag: t('Published'), text: t('Your case study is in the knowledge base. Thank you for sharing it.') },
  rejected: { tag: t('Not published'), text: t('An editor decided not to publish it.') },
  withdrawn: { tag: t('Withdrawn'), text: t('It is no longer in the knowledge base.') }
}

export class StatusScreen {
  /** @param {HTMLElement} $main */
  constructor ($main) {
    this.$main = $main
  }

  /** @param {URL} url */
  async show (url) {
    const token = decodeURIComponent(url.pathname.split('/')[3] ?? '')
    document.title = pageTitle(t('Your case study'))
    let status
    try {
      status = await getJson(`/api/v1/submissions/status/${encodeURIComponent(token)}`)
    } catch (error) {
      const missing = error instanceof ApiError && error.status === 404
      document.title = pageTitle(missing ? t('Link not found') : t('Sorry, there is a problem'))
      fill(this.$main, 
        h('h1', {}, missing ? t('We could not find that case study') : t('Sorry, there is a problem')),
        h('p', {}, missing
          ? t('Check that you copied the whole link. If you sent your case study a long time ago, the link may no longer work.')
          : t('We could not check your case study. Please try again later.')))
      return
    }
    const about = STATUSES[status.status] ?? { tag: status.status, text: '' }
    fill(this.$main, 
      h('div', { class: 'measure' },
        h('span', { class: 'caption' }, t('Your case study')),
        h('h1', {}, status.title || t('Your case study')),
        h('dl', { class: 'summary-list' },
          h('div', { class: 'summary-list__row' }, h('dt', {}, t('Sent')), h('dd', {}, dateText(status.submitted_at))),
          h('div', { class: 'summary-list__row' }, h('dt', {}, t('What has happened')),
            h('dd', {}, h('strong', { class: `tag tag--${status.status}` }, about.tag)))),
        h('p', {}, about.text),
        status.status === 'rejected' && status.reason
          ? h('div', { class: 'inset' }, h('h2', { class: 'heading-m' }, t('The editor’s reason')), h('p', {}, status.reason))
          : null,
        status.status === 'published' && status.entry_url
          ? h('p', {}, h('a', { href: entryLink(status.entry_url) }, t('See your case study in the knowledge base')))
          : null)
    )
  }
}

/**
 * The API gives the entry's URL; its page on this site has the same path, or is /projects/{id}.
 * @param {string} url
 */
function entryLink (url) {
  try {
    const path = new URL(url, window.location.origin).pathname.replace(/^\/api\/v1/, '')
    return /^\/projects\/[^/]+$/.test(path) ? path : '/search'
  } catch {
    return '/search'
  }
}
