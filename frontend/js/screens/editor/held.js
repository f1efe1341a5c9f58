/**
 * Changes to review (/editor/held): what partners whose changes are reviewed asked of entries
 * readers can already see (GET /api/v1/held-changes). Each shows what it would change, field
 * by field, and is approved (POST …/publish: the change is made) or turned down with a reason
 * the partner sees (POST …/reject: the entry stays as it is).
 */

import { ApiError, getJson, request } from '../../api.js'
import { fill, h, uid } from '../../dom.js'
import { t } from '../../i18n.js'
import { dateText, entryPath, kindLabel, pageTitle } from '../../labels.js'
import { createControl } from '../../controls/index.js'
import { showBanner } from './banner.js'
import { changeList, fieldLabel, kindFields } from './values.js'

/**
 * @typedef {object} HeldChange
 * @property {string} kind
 * @property {number} entry_id
 * @property {number} base_version
 * @property {number} version
 * @property {string} title
 * @property {string} slug
 * @property {string | null} asked_by
 * @property {Record<string, unknown>} fields
 * @property {Record<string, unknown>} current
 * @property {Array<{ kind: string, id: number, title: string }> | null} related
 * @property {string} updated_at
 */

/** @typedef {import('../../controls/base.js').Control} Control */

const PER_PAGE = 50

export class HeldView {
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
    document.title = pageTitle(t('Changes to review – Editors'))
    fill(this.$view,
      this.$notice,
      h('h1', {}, t('Changes to review')),
      h('p', { class: 'measure' }, t('Some partners’ changes are checked before readers see them. Until you approve a change, readers see the entry as it was.')),
      this.$count,
      this.$list)
    let page
    try {
      page = await getJson('/api/v1/held-changes', { key: this.key, params: { per_page: PER_PAGE } })
    } catch (error) {
      this.$count.textContent = error instanceof ApiError && error.status === 403
        ? t('Only editors can review partners’ changes.')
        : t('Sorry, we could not load the changes. Please try again later.')
      return
    }
    this.total = page.total
    this.updateCount()
    fill(this.$list, ...page.items.map((/** @type {HeldChange} */ item) => this.item(item)))
  }

  updateCount () {
    this.$count.textContent = this.total
      ? t('Changes waiting: {count}.', { count: this.total }) + (this.total > PER_PAGE ? ' ' + t('These are the 50 asked for first.') : '')
      : t('There are no changes waiting for review.')
  }

  /** @param {HeldChange} item */
  item (item) {
    const reason = createControl({ name: 'reason', label: t('Why are you turning it down?'), type: 'textarea', rows: 3, hint: t('The partner will see this. Be kind and clear.') }, uid('reason'))
    const order = kindFields(item.kind).map((f) => f.name)
    const rank = (/** @type {string} */ name) => (order.includes(name) ? order.indexOf(name) : order.length)
    const changes = Object.entries(item.fields)
      .sort(([a], [b]) => rank(a) - rank(b))
      .map(([name, to]) => ({ label: fieldLabel(item.kind, name), from: item.current[name], to }))
    if (item.related) {
      changes.push({ label: fieldLabel(item.kind, 'related'), from: null, to: item.related.map((r) => r.title) })
    }
    const stale = item.version !== item.base_version
    const $item = h('li', { class: 'queue__item' },
      h('h2', { class: 'heading-m' }, item.title),
      h('p', { class: 'meta small' },
        t('{kind} · asked for by {who} on {date}', { kind: t(kindLabel(item.kind)), who: item.asked_by ?? t('a partner'), date: dateText(item.updated_at) }), ' · ',
        h('a', { href: entryPath(item.kind, item.slug) }, t('See the page as readers see it'), h('span', { class: 'visually-hidden' }, `: “${item.title}”`))),
      stale ? h('p', { class: 'inset' }, t('The entry has changed since this was asked for (it was version {asked}, it is version {now}).', { asked: item.base_version, now: item.version })) : null,
      h('h3', { class: 'heading-s' }, t('What it changes')),
      changes.length ? changeList(changes, { from: t('Now'), to: t('Asked for') }) : h('p', {}, t('Nothing that readers see.')),
      h('div', { class: 'button-group' },
        h('button', { type: 'button', class: 'button', on: { click: () => this.approve(item, $item) } }, t('Approve the change'), h('span', { class: 'visually-hidden' }, ` “${item.title}”`)),
        h('a', { href: `/editor/history/${item.kind}/${item.entry_id}` }, t('See its history'), h('span', { class: 'visually-hidden' }, `: “${item.title}”`))),
      h('details', { class: 'disclosure' },
        h('summary', {}, t('Turn the change down')),
        h('div', { class: 'disclosure__body' },
          h('form', { novalidate: true, on: { submit: (event) => { event.preventDefault(); this.reject(item, $item, reason) } } },
            reason.$group,
            h('button', { type: 'submit', class: 'button button--warning' }, t('Turn down the change'), h('span', { class: 'visually-hidden' }, ` “${item.title}”`))))))
    return $item
  }

  /**
   * @param {HeldChange} item
   * @param {HTMLElement} $item
   */
  async approve (item, $item) {
    try {
      const { data } = await request('POST', `/api/v1/${item.kind}/${item.entry_id}/publish`, { key: this.key })
      this.remove($item)
      showBanner(this.$notice, 'success', t('Change approved'), [t('Readers now see the change to “{title}”.', { title: data.title }), ' ', h('a', { href: entryPath(item.kind, data.slug) }, t('See the page'))])
    } catch (error) {
      this.failed(error)
    }
  }

  /**
   * @param {HeldChange} item
   * @param {HTMLElement} $item
   * @param {Control} control - the reason
   */
  async reject (item, $item, control) {
    const reason = String(control.read() ?? '').trim()
    control.setError(reason ? null : t('Enter the reason, so that the partner knows why'))
    if (!reason) {
      control.focusTarget()?.focus()
      return
    }
    try {
      await request('POST', `/api/v1/${item.kind}/${item.entry_id}/reject`, { key: this.key, body: { reason } })
      this.remove($item)
      showBanner(this.$notice, 'success', t('Change turned down'), [t('“{title}” stays as it was. The partner can see your reason.', { title: item.title })])
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
    let text
    if (error instanceof ApiError && (error.status === 404 || error.status === 409)) {
      text = error.status === 409 && error.problem.errors.length
        ? t('This change can no longer be made: {reason} Turn it down instead.', { reason: error.problem.errors.map((e) => e.message).join('; ') + '.' })
        : t('Someone else has dealt with this change already. Reload the page to see the ones still waiting.')
    } else {
      text = t('Sorry, that did not work. Please try again later.')
    }
    showBanner(this.$notice, 'important', t('There is a problem'), [text])
  }
}
