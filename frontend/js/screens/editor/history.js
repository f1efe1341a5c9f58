/**
 * The history of an entry (/editor/history/{kind}/{id}): every version, newest first, with who
 * made it, when and what changed, and "Revert to this version" beside each earlier one. A
 * revert is confirmed first, showing what will change (worked out from the history's diffs,
 * as the server does), and is sent with If-Match, so that nobody's later edit is lost.
 */

import { ApiError, getJson, request } from '../../api.js'
import { fill, h } from '../../dom.js'
import { t } from '../../i18n.js'
import { dateText, entryPath, kindLabel, pageTitle } from '../../labels.js'
import { initAll } from '../../modules.js'
import { errorSummary } from '../../components/error-summary.js'
import { showNotFound } from '../not-found.js'
import { showBanner } from './banner.js'
import { changeList, fieldLabel, same } from './values.js'

/**
 * @typedef {object} HistoryItem
 * @property {number} seq
 * @property {string} op
 * @property {number} version
 * @property {string} status
 * @property {string} at
 * @property {{ key_prefix: string | null, partner: { id: number, name: string } | null }} by
 * @property {Record<string, any> | null} diff
 */

/** Fields a revert leaves as they are (the server's NOT_CONTENT, and what follows the title). */
const NOT_REVERTED = new Set(['status', 'external_id', 'slug', 'slug_cy', 'related'])

const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' })

/** @param {[string, number] | number[] | string[]} ref */
const refKey = (ref) => `${ref[0]}:${ref[1]}`

export class HistoryView {
  /**
   * @param {HTMLElement} $view
   * @param {string} key
   * @param {string} kind
   * @param {number} id
   */
  constructor ($view, key, kind, id) {
    this.$view = $view
    this.key = key
    this.kind = kind
    this.id = id
    /** @type {Record<string, any>} */
    this.entry = {}
    /** @type {HistoryItem[]} */
    this.items = []
    this.sending = false
    this.$notice = h('div', {})
    this.$summary = h('div', {})
    this.$confirm = h('div', {})
    this.$list = h('ol', { class: 'history', reversed: true })
    this.$heading = h('h1', {})
  }

  async show () {
    if (!(await this.load())) return
    fill(this.$view,
      h('a', { class: 'back-link', href: `/editor/edit/${this.kind}/${this.id}` }, t('Back to the entry')),
      this.$notice,
      this.$summary,
      h('span', { class: 'caption' }, t('History of a {kind}', { kind: t(kindLabel(this.kind)).toLowerCase() })),
      this.$heading,
      h('p', { class: 'measure' }, t('Every version of this entry, newest first: who made it, when, and what changed. To undo changes, revert to an earlier version. That makes a new version with the earlier content, and keeps every version in the history.')),
      h('p', {},
        h('a', { href: entryPath(this.kind, this.entry.slug) }, t('See the entry’s page')), ' · ',
        h('a', { href: `/editor/merge?${new URLSearchParams({ kind: this.kind, id: String(this.id) })}` }, t('Merge a duplicate into it'))),
      this.$confirm,
      this.$list)
    this.render()
  }

  /** @returns {Promise<boolean>} whether the entry and its history loaded */
  async load () {
    try {
      ;[this.entry, this.items] = await Promise.all([
        getJson(`/api/v1/${this.kind}/${this.id}`, { key: this.key }),
        getJson(`/api/v1/${this.kind}/${this.id}/history`, { key: this.key }).then((d) => d.items)
      ])
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        showNotFound(this.$view, t('that entry'))
      } else {
        fill(this.$view, h('h1', {}, t('Sorry, there is a problem')), h('p', {}, t('We could not load the history of this entry. Please try again later.')))
      }
      return false
    }
    document.title = pageTitle(t('History of “{title}” – Editors', { title: this.entry.title }))
    this.$heading.textContent = t('History of “{title}”', { title: this.entry.title })
    return true
  }

  render () {
    // One row per version (a version's last change, if several were recorded), newest first.
    /** @type {Map<number, HistoryItem>} */
    const byVersion = new Map()
    for (const item of this.items) byVersion.set(item.version, item)
    const versions = [...byVersion.values()].sort((a, b) => b.version - a.version)
    fill(this.$list, ...versions.map((item) => this.row(item)))
  }

  /** @param {HistoryItem} item */
  row (item) {
    const current = item.version === this.entry.version
    const who = item.by.partner?.name ?? (item.by.key_prefix ? t('key {prefix}…', { prefix: item.by.key_prefix }) : t('the knowledge base'))
    const when = item.at ? `${dateText(item.at)}, ${timeFormat.format(new Date(item.at))}` : ''
    return h('li', { class: 'history__item', 'data-version': item.version },
      h('h2', { class: 'heading-s history__title' },
        t('Version {version}', { version: item.version }),
        current ? h('span', { class: 'tag tag--published history__tag' }, t('Now')) : null),
      h('p', { class: 'meta small' }, [this.opText(item), t('by {who}', { who }), when].join(' · ')),
      this.changes(item),
      current
        ? null
        : h('button', {
          type: 'button',
          class: 'button button--secondary button--small',
          on: { click: (event) => this.confirm(item.version, /** @type {HTMLElement} */ (event.currentTarget)) }
        }, t('Revert to this version'), h('span', { class: 'visually-hidden' }, ' (' + t('version {version}', { version: item.version }) + ')')))
  }

  /** @param {HistoryItem} item */
  opText (item) {
    const diff = item.diff ?? {}
    if (item.op === 'create') return t('Added')
    if (item.op === 'revert') return t('Reverted to version {version}', { version: diff.reverted_to ?? '?' })
    // (Names worked out before t(): the extractor reads template literals inside a call badly.)
    const other = diff.merged ?? diff.merged_into
    const otherTitle = other ? other.title ?? [other.kind, other.id].join(' ') : ''
    if (item.op === 'merge' && diff.merged) return t('Merged “{title}” into it', { title: otherTitle })
    if (item.op === 'merge' && diff.merged_into) return t('Merged into “{title}”', { title: otherTitle })
    if (diff.approved) return t('A partner’s change, approved')
    if (item.op === 'status') return t('Who can see it changed')
    if (item.op === 'delete') return t('Deleted')
    return t('Changed')
  }

  /** @param {HistoryItem} item */
  changes (item) {
    if (item.op === 'create' || !item.diff) return null
    const changes = Object.entries(item.diff)
      .filter(([name, change]) => name !== 'related' && change && typeof change === 'object' && 'from' in change)
      .map(([name, change]) => ({ label: fieldLabel(this.kind, name), from: change.from, to: change.to }))
    const related = item.diff.related
    const $related = related && typeof related === 'object'
      ? h('p', { class: 'small' }, t('Related entries: {added} added, {removed} removed.', { added: (related.added ?? []).length, removed: (related.removed ?? []).length }))
      : null
    if (!changes.length && !$related) return null
    return h('div', {}, changes.length ? changeList(changes, { from: t('Before'), to: t('After') }) : null, $related)
  }

  /**
   * The entry's content and relations at `version`: today's, with every later change undone.
   * @param {number} version
   */
  stateAt (version) {
    /** @type {Record<string, unknown>} */
    const values = {}
    const related = new Set((this.entry.related ?? []).map((/** @type {{kind: string, id: number}} */ r) => refKey([r.kind, r.id])))
    for (const item of [...this.items].reverse()) {
      if (item.version <= version) break
      for (const [name, change] of Object.entries(item.diff ?? {})) {
        if (name === 'related' && change && typeof change === 'object') {
          for (const ref of change.added ?? []) related.delete(refKey(ref))
          for (const ref of change.removed ?? []) related.add(refKey(ref))
        } else if (!NOT_REVERTED.has(name) && change && typeof change === 'object' && 'from' in change) {
          values[name] = change.from
        }
      }
    }
    return { values, related }
  }

  /**
   * Show what reverting to `version` will change, and ask to confirm.
   * @param {number} version
   * @param {HTMLElement} $opener - focus goes back to it on Cancel
   */
  confirm (version, $opener) {
    this.$summary.replaceChildren()
    this.$notice.replaceChildren()
    const { values, related } = this.stateAt(version)
    const changes = Object.entries(values)
      .filter(([name, value]) => !same(this.entry[name], value))
      .map(([name, value]) => ({ label: fieldLabel(this.kind, name), from: this.entry[name], to: value }))
    const now = new Set((this.entry.related ?? []).map((/** @type {{kind: string, id: number}} */ r) => refKey([r.kind, r.id])))
    const titles = new Map((this.entry.related ?? []).map((/** @type {{kind: string, id: number, title: string}} */ r) => [refKey([r.kind, r.id]), r.title]))
    const named = (/** @type {string} */ ref) => titles.get(ref) ?? ref.replace(':', ' ')
    const lost = [...now].filter((ref) => !related.has(ref)).map(named)
    const gained = [...related].filter((ref) => !now.has(ref)).map(named)
    if (lost.length || gained.length) {
      changes.push({ label: fieldLabel(this.kind, 'related'), from: lost.length ? lost : null, to: gained.length ? gained : null })
    }
    const $heading = h('h2', { class: 'heading-m', id: 'revert-heading', tabindex: '-1' }, t('Revert to version {version}?', { version }))
    const cancel = () => {
      this.$confirm.replaceChildren()
      $opener.focus()
    }
    fill(this.$confirm,
      h('section', { class: 'confirm', 'aria-labelledby': 'revert-heading', on: { keydown: (event) => { if (/** @type {KeyboardEvent} */ (event).key === 'Escape') cancel() } } },
        $heading,
        changes.length
          ? [
              h('p', {}, t('This makes version {next}, with the content of version {version}. These fields will change:', { next: this.entry.version + 1, version })),
              changeList(changes, { from: t('Now'), to: t('After reverting') }),
              lost.length || gained.length ? h('p', { class: 'hint small' }, t('For related entries: “Now” lists the ones it will lose, “After reverting” the ones it will gain.')) : null
            ]
          : h('p', {}, t('Version {version} has the same content as the entry has now, so reverting changes nothing.', { version })),
        h('div', { class: 'button-group' },
          h('button', { type: 'button', class: 'button', on: { click: () => this.revert(version) } }, t('Revert to version {version}', { version })),
          h('button', { type: 'button', class: 'button button--secondary', on: { click: cancel } }, t('Cancel')))))
    $heading.focus()
  }

  /** @param {number} version */
  async revert (version) {
    if (this.sending) return
    this.sending = true
    try {
      const { data } = await request('POST', `/api/v1/${this.kind}/${this.id}/revert`, { key: this.key, body: { version }, ifMatch: this.entry.version })
      this.$confirm.replaceChildren()
      if (!(await this.load())) return
      this.render()
      showBanner(this.$notice, 'success', t('Reverted'), [
        t('“{title}” has the content of version {version} again. It is now version {now}.', { title: data.title, version, now: data.version }), ' ',
        h('a', { href: entryPath(this.kind, data.slug) }, t('See the page'))
      ])
    } catch (error) {
      this.problem(error)
    } finally {
      this.sending = false
    }
  }

  /** @param {unknown} error */
  problem (error) {
    /** @type {Array<{ text: string, href: string | null }>} */
    let items
    let reload = false
    const codes = error instanceof ApiError ? error.problem.errors.map((e) => e.code) : []
    if (error instanceof ApiError && (error.status === 412 || codes.includes('stale'))) {
      items = [{ text: t('Someone else changed this entry after you opened its history, so nothing was reverted. Reload the history to see their change, then choose again.'), href: null }]
      reload = true
    } else if (error instanceof ApiError && codes.includes('gone')) {
      // The server's detail names the entries that are gone; then what to do instead.
      items = [
        { text: error.problem.detail, href: null },
        { text: t('Revert to another version, or change the entry yourself.'), href: null }
      ]
    } else if (error instanceof ApiError && codes.includes('version')) {
      items = [{ text: t('Choose a version older than the one the entry is at now.'), href: null }]
      reload = true
    } else if (error instanceof ApiError && error.status === 404) {
      items = [{ text: t('This entry no longer exists, or you can no longer change it.'), href: null }]
    } else if (error instanceof ApiError) {
      items = [{ text: error.problem.detail || t('That did not work.'), href: null }]
    } else {
      items = [{ text: t('Sorry, we could not revert the entry. Please try again later.'), href: null }]
    }
    this.$confirm.replaceChildren()
    fill(this.$summary,
      errorSummary(items),
      reload ? h('p', {}, h('a', { href: `/editor/history/${this.kind}/${this.id}` }, t('Reload the history'))) : null)
    initAll(this.$summary)
  }
}
