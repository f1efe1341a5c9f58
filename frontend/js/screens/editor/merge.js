/**
 * Merge two entries (/editor/merge?kind=…&id=…&dkind=…&did=…): find the entry to keep and its
 * duplicate (entry finders), see them side by side, choose field by field which value the
 * kept entry ends up with (the API's `take`: fields both kinds have), check, and merge. The
 * duplicate is then archived and its address leads to the kept entry. Both entries' versions
 * guard the merge (If-Match and the duplicate's `version`); problems are listed in an error
 * summary, worded by their `code`.
 */

import { ApiError, getJson, request } from '../../api.js'
import { fill, h } from '../../dom.js'
import { t } from '../../i18n.js'
import { entryPath, kindLabel, pageTitle } from '../../labels.js'
import { initAll } from '../../modules.js'
import { navigate } from '../../navigation.js'
import { errorSummary } from '../../components/error-summary.js'
import { EntryFinder } from '../../components/entry-finder.js'
import { fieldLabel, kindFields, same, valueText } from './values.js'

/** @typedef {import('../../components/entry-finder.js').EntryRef} EntryRef */
/** @typedef {Record<string, any>} Entry */

/** Fields whose values are combined, not chosen: both entries' are kept. */
const COMBINED = new Set(['keywords', 'links'])

/** @param {string} status */
function statusText (status) {
  /** @type {Record<string, string>} */
  const words = { published: t('published'), draft: t('draft'), pending: t('waiting for review'), rejected: t('not published'), archived: t('archived') }
  return words[status] ?? status
}

/** @param {unknown} value */
const empty = (value) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)

export class MergeView {
  /**
   * @param {HTMLElement} $view
   * @param {string} key
   */
  constructor ($view, key) {
    this.$view = $view
    this.key = key
    /** @type {EntryRef | null} */
    this.keep = null
    /** @type {EntryRef | null} */
    this.duplicate = null
    /** @type {Entry | null} */
    this.kept = null
    /** @type {Entry | null} */
    this.dup = null
    /** @type {Map<string, HTMLInputElement>} the "take the duplicate's" radio of each field */
    this.takeRadios = new Map()
    this.sending = false
    this.$summary = h('div', {})
    this.$confirm = h('div', {})
  }

  /** @param {URL} url */
  async show (url) {
    const p = url.searchParams
    const ref = (/** @type {string | null} */ kind, /** @type {string | null} */ id) =>
      kind && /^\d+$/.test(id ?? '') ? { kind, id: Number(id), title: '' } : null
    this.keep = ref(p.get('kind'), p.get('id'))
    this.duplicate = ref(p.get('dkind'), p.get('did'))
    document.title = pageTitle(t('Merge two entries – Editors'))
    if (this.keep && this.duplicate) {
      await this.compare()
    } else {
      if (this.keep) {
        try {
          this.keep = await getJson(`/api/v1/${this.keep.kind}/${this.keep.id}`, { key: this.key })
        } catch {
          this.keep = null
        }
      }
      this.choose()
    }
  }

  // --- step 1: the two entries ----------------------------------------------------------

  /** @param {string} [focus] - the id of what takes focus after drawing */
  choose (focus) {
    const find = async (/** @type {string} */ q) => (await getJson('/api/v1/search', { key: this.key, params: { q, status: 'any', per_page: 10 } })).items
    /**
     * @param {'keep' | 'duplicate'} which
     * @param {string} legend
     * @param {string} label - the search box's
     * @param {string} hint
     */
    const part = (which, legend, label, hint) => {
      const chosen = this[which]
      const id = `merge-${which}`
      const finder = new EntryFinder({
        id,
        label,
        hint,
        find: async (q) => (await find(q)).filter((/** @type {EntryRef} */ e) => {
          const other = which === 'keep' ? this.duplicate : this.keep
          return !(other && other.kind === e.kind && other.id === e.id)
        }),
        choose: (entry) => this.chosen(which, entry)
      })
      return h('fieldset', { class: 'fieldset merge-choose' },
        h('legend', { class: 'legend--m' }, legend),
        chosen
          ? h('p', { class: 'merge-chosen' },
            h('strong', {}, chosen.title), h('span', { class: 'meta' }, ` – ${t(kindLabel(chosen.kind))}`), ' ',
            h('button', { type: 'button', class: 'link-button', id: `${id}-change`, on: { click: () => { this[which] = null; this.choose(id) } } },
              t('Choose another'), h('span', { class: 'visually-hidden' }, ` (${legend})`)))
          : finder.$element)
    }
    fill(this.$view,
      h('a', { class: 'back-link', href: '/editor/entries' }, t('Back to entries')),
      h('h1', {}, t('Merge two entries')),
      h('p', { class: 'measure' }, t('When the same thing is in the knowledge base twice, merge the two entries. You choose which entry to keep and, field by field, which of the two values it keeps. The other entry is archived, and its address leads to the one you keep.')),
      part('keep', t('The entry to keep'), t('Find the entry to keep'), t('Words from its title. Usually keep the one with the better title and more detail.')),
      part('duplicate', t('The duplicate'), t('Find the duplicate'), t('Words from its title. It will be archived once its details are merged in.')))
    initAll(this.$view)
    if (focus) document.getElementById(focus)?.focus()
  }

  /**
   * @param {'keep' | 'duplicate'} which
   * @param {EntryRef} entry
   */
  chosen (which, entry) {
    this[which] = { kind: entry.kind, id: entry.id, title: entry.title }
    if (this.keep && this.duplicate) {
      navigate(`/editor/merge?${new URLSearchParams({ kind: this.keep.kind, id: String(this.keep.id), dkind: this.duplicate.kind, did: String(this.duplicate.id) })}`)
      return
    }
    this.choose(this.keep ? 'merge-duplicate' : 'merge-keep')
  }

  // --- step 2: side by side, and the choices ---------------------------------------------

  async compare () {
    const keep = /** @type {EntryRef} */ (this.keep)
    const duplicate = /** @type {EntryRef} */ (this.duplicate)
    try {
      ;[this.kept, this.dup] = await Promise.all([
        getJson(`/api/v1/${keep.kind}/${keep.id}`, { key: this.key }),
        getJson(`/api/v1/${duplicate.kind}/${duplicate.id}`, { key: this.key })
      ])
    } catch (error) {
      fill(this.$view,
        h('h1', {}, t('Sorry, there is a problem')),
        h('p', {}, error instanceof ApiError && error.status === 404
          ? t('One of the two entries no longer exists.')
          : t('We could not load the two entries. Please try again later.')),
        h('p', {}, h('a', { href: '/editor/merge' }, t('Choose the entries again'))))
      return
    }
    const kept = /** @type {Entry} */ (this.kept)
    const dup = /** @type {Entry} */ (this.dup)
    document.title = pageTitle(t('Merge “{duplicate}” into “{kept}” – Editors', { duplicate: dup.title, kept: kept.title }))
    const ownNames = new Set(kindFields(dup.kind).map((f) => f.name))
    const shared = kindFields(kept.kind).filter((f) => ownNames.has(f.name) && !COMBINED.has(f.name))
    const differing = shared.filter((f) => !same(kept[f.name], dup[f.name]))
    this.takeRadios = new Map()
    const again = `/editor/merge?${new URLSearchParams({ kind: kept.kind, id: String(kept.id) })}`
    fill(this.$view,
      h('a', { class: 'back-link', href: again }, t('Choose other entries')),
      this.$summary,
      h('span', { class: 'caption' }, t('Merge two entries')),
      h('h1', {}, t('Merge “{duplicate}” into “{kept}”', { duplicate: dup.title, kept: kept.title })),
      h('div', { class: 'merge-pair' },
        this.card(kept, t('The entry to keep')),
        this.card(dup, t('The duplicate'))),
      h('form', { novalidate: true, on: { submit: (event) => { event.preventDefault(); this.check() } } },
        h('h2', { class: 'heading-m' }, t('Choose what the kept entry says')),
        differing.length
          ? h('p', { class: 'measure' }, t('These fields differ. For each, choose the value the kept entry will have.'))
          : h('p', { class: 'measure' }, t('The two entries say the same in every field they share, so there is nothing to choose.')),
        differing.map((field) => this.choice(field.name, kept, dup)),
        h('p', { class: 'inset measure' }, t('The keywords, web links and related entries of both are kept.')),
        h('button', { type: 'submit', class: 'button' }, t('Continue'))),
      this.$confirm)
  }

  /**
   * @param {Entry} entry
   * @param {string} role
   */
  card (entry, role) {
    return h('section', { class: 'merge-card', 'aria-label': `${role}: ${entry.title}` },
      h('p', { class: 'caption' }, role),
      h('h2', { class: 'heading-s' }, h('a', { href: entryPath(entry.kind, entry.slug) }, entry.title)),
      h('p', { class: 'meta small' }, t('{kind} · version {version} · {status}', { kind: t(kindLabel(entry.kind)), version: entry.version, status: statusText(entry.status) })),
      h('p', { class: 'small' }, valueText(entry.summary)))
  }

  /**
   * One field's choice: this entry's value or the duplicate's, side by side.
   * @param {string} name
   * @param {Entry} kept
   * @param {Entry} dup
   */
  choice (name, kept, dup) {
    const label = fieldLabel(kept.kind, name)
    const id = `take-${name}`
    const takeByDefault = empty(kept[name]) && !empty(dup[name])
    const $keep = h('input', { type: 'radio', id: `${id}-keep`, name: id, value: 'keep', checked: !takeByDefault })
    const $take = h('input', { type: 'radio', id: `${id}-take`, name: id, value: 'take', checked: takeByDefault })
    this.takeRadios.set(name, $take)
    return h('fieldset', { class: 'fieldset merge-field' },
      h('legend', { class: 'legend--s' }, label),
      h('div', { class: 'choices merge-field__choices' },
        h('div', { class: 'choice' }, $keep,
          h('label', { for: $keep.id },
            h('span', { class: 'merge-field__which' }, t('Keep this entry’s')),
            h('span', { class: 'merge-field__value' }, valueText(kept[name])))),
        h('div', { class: 'choice' }, $take,
          h('label', { for: $take.id },
            h('span', { class: 'merge-field__which' }, t('Take the duplicate’s')),
            h('span', { class: 'merge-field__value' }, valueText(dup[name]))))))
  }

  /** @returns {string[]} the fields whose values come from the duplicate */
  take () {
    return [...this.takeRadios].filter(([, $radio]) => $radio.checked).map(([name]) => name)
  }

  // --- step 3: check, then merge -----------------------------------------------------------

  check () {
    const kept = /** @type {Entry} */ (this.kept)
    const dup = /** @type {Entry} */ (this.dup)
    const take = this.take()
    this.$summary.replaceChildren()
    const $heading = h('h2', { class: 'heading-m', id: 'merge-check', tabindex: '-1' }, t('Check before you merge'))
    const row = (/** @type {string} */ term, /** @type {Array<Node | string> | string} */ value) =>
      h('div', { class: 'summary-list__row' }, h('dt', {}, term), h('dd', {}, value))
    fill(this.$confirm,
      h('section', { class: 'confirm', 'aria-labelledby': 'merge-check' },
        $heading,
        h('dl', { class: 'summary-list' },
          row(t('Kept'), t('“{title}” ({kind})', { title: kept.title, kind: t(kindLabel(kept.kind)) })),
          row(t('Taken from the duplicate'), take.length ? take.map((name) => fieldLabel(kept.kind, name)).join(', ') : t('Nothing: it keeps all its own values')),
          row(t('Combined'), t('Keywords, web links and related entries')),
          row(t('Archived'), t('“{title}” ({kind}). Its address will lead to “{kept}”.', { title: dup.title, kind: t(kindLabel(dup.kind)), kept: kept.title }))),
        h('div', { class: 'button-group' },
          h('button', { type: 'button', class: 'button', on: { click: () => this.merge(take) } }, t('Merge the entries')),
          h('button', { type: 'button', class: 'button button--secondary', on: { click: () => this.backToChoices() } }, t('Change the choices')))))
    $heading.focus()
  }

  backToChoices () {
    this.$confirm.replaceChildren()
    const $first = /** @type {HTMLElement | null} */ (this.$view.querySelector('form input, form button'))
    $first?.focus()
  }

  /** @param {string[]} take */
  async merge (take) {
    if (this.sending) return
    const kept = /** @type {Entry} */ (this.kept)
    const dup = /** @type {Entry} */ (this.dup)
    this.sending = true
    try {
      const { data } = await request('POST', `/api/v1/${kept.kind}/${kept.id}/merge`, {
        key: this.key,
        ifMatch: kept.version,
        body: { duplicate: { kind: dup.kind, id: dup.id, version: dup.version }, take }
      })
      this.done(data, dup)
    } catch (error) {
      this.problem(error)
    } finally {
      this.sending = false
    }
  }

  /**
   * @param {Entry} merged
   * @param {Entry} dup
   */
  done (merged, dup) {
    document.title = pageTitle(t('Entries merged – Editors'))
    const $panel = h('div', { class: 'panel', tabindex: '-1' },
      h('h1', {}, t('Entries merged')),
      h('p', {}, t('“{kept}” is now version {version}, with the details you chose.', { kept: merged.title, version: merged.version })))
    fill(this.$view,
      $panel,
      h('p', {}, t('“{title}” is archived. Its address now leads to “{kept}”, for readers and for partners who copy the knowledge base.', { title: dup.title, kept: merged.title })),
      h('ul', { class: 'list-bullet' },
        h('li', {}, h('a', { href: entryPath(merged.kind, merged.slug) }, t('See “{title}”', { title: merged.title }))),
        h('li', {}, h('a', { href: entryPath(dup.kind, dup.slug) }, t('Try the duplicate’s old address'))),
        h('li', {}, h('a', { href: `/editor/history/${merged.kind}/${merged.id}` }, t('See the history of “{title}”', { title: merged.title }))),
        h('li', {}, h('a', { href: '/editor/merge' }, t('Merge two other entries')))))
    $panel.focus()
  }

  /** @param {unknown} error */
  problem (error) {
    const kept = /** @type {Entry} */ (this.kept)
    const dup = /** @type {Entry} */ (this.dup)
    /** @type {Array<{ text: string, href: string | null }>} */
    const items = []
    let reload = false
    if (error instanceof ApiError) {
      for (const e of error.problem.errors) {
        if (e.code === 'stale') {
          const title = e.field === 'duplicate.version' ? dup.title : kept.title
          items.push({ text: t('Someone changed “{title}” after you opened it, so nothing was merged. Reload the page to see their change, then choose again.', { title }), href: null })
          reload = true
        } else if (e.code === 'merged') {
          items.push({ text: t('“{title}” was merged into another entry already, so nothing was merged.', { title: e.field === 'duplicate' ? dup.title : kept.title }), href: null })
        } else if (e.code === 'self') {
          items.push({ text: t('You chose the same entry twice. Choose a different duplicate.'), href: null })
        } else if (e.code === 'enum') {
          const name = String(e.field).startsWith('take.') ? this.take()[Number(String(e.field).slice(5))] : ''
          items.push({ text: t('“{field}” cannot be taken from the duplicate: the two entries do not both have it. Keep this entry’s.', { field: fieldLabel(kept.kind, name ?? '') }), href: name && this.takeRadios.has(name) ? `#take-${name}-keep` : null })
        }
      }
      if (!items.length && error.status === 412) {
        items.push({ text: t('Someone changed one of the entries after you opened them, so nothing was merged. Reload the page to see their change, then choose again.'), href: null })
        reload = true
      } else if (!items.length && error.status === 404) {
        items.push({ text: t('One of the entries no longer exists, or you cannot change it.'), href: null })
      } else if (!items.length) {
        items.push({ text: error.problem.detail || t('That did not work.'), href: null })
      }
    } else {
      items.push({ text: t('Sorry, we could not merge the entries. Please try again later.'), href: null })
    }
    this.$confirm.replaceChildren()
    fill(this.$summary,
      errorSummary(items),
      reload ? h('p', {}, h('a', { href: window.location.pathname + window.location.search }, t('Reload the page'))) : null)
    initAll(this.$summary)
  }
}
