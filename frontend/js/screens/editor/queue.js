/**
 * Case studies to review (/editor): each pending deposit with everything it says, to publish,
 * change first, or reject with a reason the person who sent it will see.
 */

import { ApiError, getJson, request } from '../../api.js'
import { fill, h, uid } from '../../dom.js'
import { facts, sections } from '../../entry-details.js'
import { dateText, entryPath, pageTitle } from '../../labels.js'
import { localeTag, t, tn } from '../../i18n.js'
import { createControl } from '../../controls/index.js'
import { showBanner } from './banner.js'

/** @typedef {Record<string, any>} Deposit */
/** @typedef {import('../../controls/base.js').Control} Control */

/** @type {import('../../controls/base.js').Field} */
const REASON = { name: 'reason', label: t('Why are you not publishing it?'), type: 'textarea', rows: 3, hint: t('The person who sent it will see this. Be kind and clear.') }

/**
 * "Sent by … (email) on date": whole sentences, so that each language orders them its own way.
 * @param {Deposit} item
 */
function sentBy (item) {
  const values = { name: item.depositor_name ?? t('someone'), email: item.depositor_email, date: dateText(item.created_at) }
  return item.depositor_email
    ? t('Sent by {name} ({email}) on {date}', values)
    : t('Sent by {name} on {date}', values)
}

export class QueueView {
  /**
   * @param {HTMLElement} $view
   * @param {string} key
   */
  constructor ($view, key) {
    this.$view = $view
    this.key = key
    this.$notice = h('div', {})
    this.$count = h('p', {})
    this.$list = h('ul', { class: 'queue' })
    this.total = 0
  }

  async show () {
    document.title = pageTitle(t('Case studies to review – Editors'))
    fill(this.$view, this.$notice, h('h1', {}, t('Case studies to review')), this.$count, this.$list)
    let page
    try {
      page = await getJson('/api/v1/submissions', { key: this.key, params: { per_page: 50 } })
    } catch (error) {
      this.$count.textContent = error instanceof ApiError && error.status === 403
        ? t('Only editors can see the case studies people send.')
        : t('Sorry, we could not load the case studies. Please try again later.')
      return
    }
    this.total = page.total
    this.updateCount()
    fill(this.$list, ...page.items.map((/** @type {Deposit} */ item) => this.item(item)))
  }

  updateCount () {
    this.$count.textContent = this.total
      ? tn('{count} case study is waiting.', '{count} case studies are waiting.', this.total, { count: this.total.toLocaleString(localeTag()) }) +
        (this.total > 50 ? ' ' + t('These are the 50 sent first.') : '')
      : t('There are no case studies waiting for review.')
  }

  /** @param {Deposit} item */
  item (item) {
    const reason = createControl(REASON, uid('reason'))
    const $item = h('li', { class: 'queue__item' },
      h('h2', { class: 'heading-m' }, item.title),
      h('p', { class: 'meta small' }, sentBy(item)),
      item.summary ? h('p', {}, item.summary) : null,
      h('details', { class: 'disclosure' },
        h('summary', {}, t('Show everything they sent')),
        h('div', { class: 'disclosure__body' }, facts(item), sections(item, { level: 'h3' }))),
      h('div', { class: 'button-group' },
        h('button', { type: 'button', class: 'button', on: { click: () => this.publish(item, $item) } }, t('Publish'), h('span', { class: 'visually-hidden' }, ` “${item.title}”`)),
        h('a', { href: `/editor/edit/projects/${item.id}` }, t('Change it first'), h('span', { class: 'visually-hidden' }, `: “${item.title}”`))),
      h('details', { class: 'disclosure' },
        h('summary', {}, t('Do not publish it')),
        h('div', { class: 'disclosure__body' },
          h('form', { novalidate: true, on: { submit: (event) => { event.preventDefault(); this.reject(item, $item, reason) } } },
            reason.$group,
            h('button', { type: 'submit', class: 'button button--warning' }, t('Reject case study'), h('span', { class: 'visually-hidden' }, ` “${item.title}”`))))))
    return $item
  }

  /**
   * @param {Deposit} item
   * @param {HTMLElement} $item
   */
  async publish (item, $item) {
    try {
      const { data } = await request('POST', `/api/v1/projects/${item.id}/publish`, { key: this.key })
      this.remove($item)
      showBanner(this.$notice, 'success', t('Published'), [t('“{title}” is now in the knowledge base.', { title: item.title }) + ' ', h('a', { href: entryPath('projects', data.slug ?? item.slug) }, t('View it'))])
    } catch (error) {
      this.failed(error)
    }
  }

  /**
   * @param {Deposit} item
   * @param {HTMLElement} $item
   * @param {Control} control - the reason
   */
  async reject (item, $item, control) {
    const reason = String(control.read()).trim()
    control.setError(reason ? null : t('Enter the reason, so that the person who sent it knows why'))
    if (!reason) {
      control.focusTarget()?.focus()
      return
    }
    try {
      await request('POST', `/api/v1/projects/${item.id}/reject`, { key: this.key, body: { reason } })
      this.remove($item)
      showBanner(this.$notice, 'success', t('Not published'), [t('“{title}” will not be published. The person who sent it can see your reason.', { title: item.title })])
    } catch (error) {
      this.failed(error)
    }
  }

  /** @param {HTMLElement} $item */
  remove ($item) {
    $item.remove()
    this.total = Math.max(0, this.total - 1)
    this.updateCount()
  }

  /** @param {unknown} error */
  failed (error) {
    const text = error instanceof ApiError && error.status === 404
      ? t('Someone else has dealt with this case study already. Reload the page to see the ones still waiting.')
      : t('Sorry, that did not work: {reason}.', { reason: error instanceof Error ? error.message : t('please try again') })
    showBanner(this.$notice, 'important', t('There is a problem'), [text])
  }
}
