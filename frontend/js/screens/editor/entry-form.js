/**
 * Add or change an entry of any kind (/editor/new/{kind}, /editor/edit/{kind}/{id}): one form
 * built from the kind's fields, its related entries and, for toolkit sections, their place in
 * the tree. Changes are sent with If-Match, so that nobody overwrites another editor's work.
 */

import { ApiError, getJson, request } from '../../api.js'
import { fill, h } from '../../dom.js'
import { BODY, KEYWORDS, KIND_FIELDS, LINKS, SUMMARY, TITLE } from '../../fields.js'
import { FormFields } from '../../forms.js'
import { entryPath, pageTitle } from '../../labels.js'
import { initAll } from '../../modules.js'
import { navigate } from '../../navigation.js'
import { errorSummary } from '../../components/error-summary.js'
import { showNotFound } from '../not-found.js'
import { showBanner } from './banner.js'
import { t } from '../../i18n.js'

/** @typedef {import('../../controls/base.js').Field} Field */
/** @typedef {import('../../controls/related-picker.js').Ref} Ref */
/** @typedef {import('../toolkit.js').ToolkitNode} ToolkitNode */

/**
 * What the form says of an entry of each kind, in whole sentences: in Welsh the words around
 * the kind's name change with it ("yr adnodd hwnnw", "yr adran honno").
 * @typedef {object} KindWords
 * @property {string} that - "that resource", for "We could not find …"
 * @property {string} add - the heading and link "Add a resource"
 * @property {string} change - the caption "Change a resource"
 * @property {string} addThe - the button "Add the resource"
 * @property {string} page - the link "See the resource’s page"
 * @property {string} saved - "The resource is saved."
 */

/** @type {Record<string, KindWords>} */
const KIND_WORDS = {
  resources: {
    that: t('that resource'),
    add: t('Add a resource'),
    change: t('Change a resource'),
    addThe: t('Add the resource'),
    page: t('See the resource’s page'),
    saved: t('The resource is saved.')
  },
  projects: {
    that: t('that project'),
    add: t('Add a project'),
    change: t('Change a project'),
    addThe: t('Add the project'),
    page: t('See the project’s page'),
    saved: t('The project is saved.')
  },
  networks: {
    that: t('that network'),
    add: t('Add a network'),
    change: t('Change a network'),
    addThe: t('Add the network'),
    page: t('See the network’s page'),
    saved: t('The network is saved.')
  },
  'toolkit-sections': {
    that: t('that toolkit section'),
    add: t('Add a toolkit section'),
    change: t('Change a toolkit section'),
    addThe: t('Add the toolkit section'),
    page: t('See the toolkit section’s page'),
    saved: t('The toolkit section is saved.')
  }
}

/**
 * The words for a kind of entry (the four kinds the workspace's addresses allow).
 * @param {string} kind
 * @returns {KindWords}
 */
export function kindWords (kind) {
  return KIND_WORDS[kind] ?? KIND_WORDS.resources
}

/** @type {Field} */
const STATUS = {
  name: 'status',
  label: t('Who can see it'),
  noun: t('who can see it'),
  type: 'select',
  options: [
    { value: 'published', label: t('Everyone (published)') },
    { value: 'draft', label: t('Editors only (draft)') },
    { value: 'pending', label: t('Editors only (waiting for review)') },
    { value: 'rejected', label: t('Editors only (not published)') },
    { value: 'archived', label: t('Editors only (archived)') }
  ]
}

/**
 * The sections a section may be put under: all but itself and those inside it.
 * @param {ToolkitNode[]} nodes
 * @param {number | null} self
 */
function parentOptions (nodes, self) {
  /** @type {Array<{ value: number | null, label: string }>} */
  const options = [{ value: null, label: t('None: it is a main section') }]
  /**
   * @param {ToolkitNode[]} level
   * @param {number} depth
   */
  const walk = (level, depth) => {
    for (const node of level) {
      if (node.id === self) continue
      options.push({ value: node.id, label: `${'– '.repeat(depth)}${node.title}` })
      walk(node.children, depth + 1)
    }
  }
  walk(nodes, 0)
  return options
}

export class EntryFormView {
  /**
   * @param {HTMLElement} $view
   * @param {string} key
   * @param {string} kind
   * @param {number | null} id - null to add a new entry
   */
  constructor ($view, key, kind, id) {
    this.$view = $view
    this.key = key
    this.kind = kind
    this.id = id
    /** @type {number | null} */
    this.version = null
    this.sending = false
    this.$notice = h('div', {})
    this.$summary = h('div', {})
  }

  /** @param {URL} url */
  async show (url) {
    const words = kindWords(this.kind)
    /** @type {Record<string, any> | null} */
    let entry = null
    /** @type {ToolkitNode[]} */
    let tree = []
    try {
      ;[entry, tree] = await Promise.all([
        this.id === null ? null : getJson(`/api/v1/${this.kind}/${this.id}`, { key: this.key }),
        this.kind === 'toolkit-sections' ? getJson('/api/v1/toolkit', { key: this.key }).then((d) => d.items) : []
      ])
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        showNotFound(this.$view, words.that)
      } else {
        fill(this.$view, h('h1', {}, t('Sorry, there is a problem')), h('p', {}, t('We could not load this entry. Please try again later.')))
      }
      return
    }
    /** @type {Field[]} */
    const placement = this.kind === 'toolkit-sections'
      ? [
          {
            name: 'parent_id',
            label: t('Where it goes in the toolkit'),
            noun: t('where it goes in the toolkit'),
            type: 'select',
            options: parentOptions(tree, this.id),
            messages: { not_found: t('The section you chose is no longer in the toolkit. Choose another') }
          },
          // The API takes 0 to 1,000,000 (Position in app/models/fields.py).
          { name: 'position', label: t('Place among the sections next to it'), type: 'number', optional: true, nullable: true, width: 'short', min: 0, max: 1_000_000, hint: t('0 is first. Leave it empty to put it last. You can also change the order on the “Order the toolkit” page.') }
        ]
      : []
    this.fields = new FormFields([
      TITLE, SUMMARY, BODY, ...KIND_FIELDS[this.kind], ...placement, KEYWORDS, LINKS,
      {
        name: 'related',
        label: t('Related entries'),
        type: 'related',
        optional: true,
        hint: t('Other entries that go with this one. Each will link to the other.'),
        itemName: t('related entry'),
        itemsName: t('related entries'),
        maxItems: 200,
        find: (q) => this.find(q)
      },
      STATUS
    ], `entry-${this.kind}`)

    const title = entry ? entry.title : words.add
    document.title = pageTitle(entry ? t('Change “{title}” – Editors', { title: entry.title }) : t('{page} – Editors', { page: words.add }))
    this.$heading = h('h1', {}, title)
    fill(this.$view, 
      h('a', { class: 'back-link', href: '/editor/entries' }, t('Back to entries')),
      this.$notice,
      this.$summary,
      h('span', { class: 'caption' }, entry ? words.change : t('Add an entry')),
      this.$heading,
      h('form', { novalidate: true, class: 'measure', on: { submit: (event) => this.submit(event) } },
        this.fields.$element,
        h('button', { type: 'submit', class: 'button' }, entry ? t('Save changes') : words.addThe)),
      entry
        ? h('ul', { class: 'list-bullet' },
          h('li', {}, h('a', { href: entryPath(this.kind, entry.slug) }, words.page)),
          h('li', {}, h('a', { href: `/editor/history/${this.kind}/${this.id}` }, t('See its history, or revert it to an earlier version'))),
          h('li', {}, h('a', { href: `/editor/merge?${new URLSearchParams({ kind: this.kind, id: String(this.id) })}` }, t('Merge a duplicate into it'))))
        : null
    )
    if (entry) {
      this.fields.fill(entry)
      this.version = entry.version
      if (url.searchParams.has('added')) {
        showBanner(this.$notice, 'success', t('Added'), [words.saved + ' ', h('a', { href: entryPath(this.kind, entry.slug) }, t('See its page'))])
      }
    }
  }

  /**
   * Entries in any status to relate this one to (not itself).
   * @param {string} q
   * @returns {Promise<Ref[]>}
   */
  async find (q) {
    const page = await getJson('/api/v1/search', { key: this.key, params: { q, status: 'any', per_page: 10 } })
    return page.items.filter((/** @type {Ref} */ item) => !(item.kind === this.kind && item.id === this.id))
  }

  /** @param {SubmitEvent} event */
  async submit (event) {
    event.preventDefault()
    if (this.sending || !this.fields) return
    this.sending = true
    const body = this.fields.read()
    this.fields.clearErrors()
    this.$summary.replaceChildren()
    try {
      if (this.id === null) {
        const { data } = await request('POST', `/api/v1/${this.kind}`, { key: this.key, body })
        navigate(`/editor/edit/${this.kind}/${data.id}?added=1`, { replace: true })
        return
      }
      const { data } = await request('PATCH', `/api/v1/${this.kind}/${this.id}`, { key: this.key, body, ifMatch: this.version ?? undefined })
      this.version = data.version
      if (this.$heading) this.$heading.textContent = data.title
      document.title = pageTitle(t('Change “{title}” – Editors', { title: data.title }))
      this.fields.fill(data)
      showBanner(this.$notice, 'success', t('Saved'), [t('Your changes are saved.') + ' ', h('a', { href: entryPath(this.kind, data.slug) }, t('See the page'))])
    } catch (error) {
      this.problem(error)
    } finally {
      this.sending = false
    }
  }

  /** @param {unknown} error */
  problem (error) {
    const fields = /** @type {FormFields} */ (this.fields)
    let items
    if (error instanceof ApiError && error.status === 412) {
      items = [{ text: t('Someone changed this entry after you opened it, so your changes are not saved. Copy anything you need, then open the entry again to see their changes.'), href: null }]
    } else if (error instanceof ApiError && error.problem.errors.length) {
      items = fields.showErrors(error.problem.errors)
    } else if (error instanceof ApiError) {
      items = [{ text: error.problem.detail || t('That did not work.'), href: null }]
    } else {
      items = [{ text: t('Sorry, we could not save. Please try again later.'), href: null }]
    }
    this.$notice.replaceChildren()
    fill(this.$summary, errorSummary(items))
    initAll(this.$summary)
  }
}
