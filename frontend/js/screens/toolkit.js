/**
 * The toolkit (/toolkit and /toolkit/{slug}): its sections as a tree to move through, and the
 * open section with its subsections and the sections before and after it.
 */

import { ApiError, getJson, isAbort } from '../api.js'
import { fill, h, uid } from '../dom.js'
import { localeTag, t, tn } from '../i18n.js'
import { sections as entrySections } from '../entry-details.js'
import { pageTitle } from '../labels.js'
import { initAll } from '../modules.js'
import { showNotFound } from './not-found.js'
import { safeFragment } from '../safe-html.js'
import { TREE_CURRENT } from '../components/tree.js'
import { relatedSection } from '../components/related-box.js'

/**
 * @typedef {object} ToolkitNode
 * @property {number} id
 * @property {string} slug
 * @property {string} title
 * @property {string} summary
 * @property {ToolkitNode[]} children
 */

/** @param {string} slug */
export function toolkitPath (slug) {
  return `/toolkit/${encodeURIComponent(slug)}`
}

/**
 * Every node in reading order, with its parent.
 * @param {ToolkitNode[]} nodes
 * @param {ToolkitNode | null} [parent]
 * @returns {Array<{ node: ToolkitNode, parent: ToolkitNode | null }>}
 */
export function flatten (nodes, parent = null) {
  return nodes.flatMap((node) => [{ node, parent }, ...flatten(node.children, node)])
}

export class ToolkitScreen {
  /** @param {HTMLElement} $main */
  constructor ($main) {
    this.$main = $main
    /** @type {Promise<ToolkitNode[]> | null} */
    this.tree = null
    /** @type {AbortController | null} */
    this.request = null
    this.$content = h('div', { class: 'toolkit-content' })
    this.$nav = h('nav', { class: 'toolkit-nav columns__side--after', 'aria-labelledby': 'toolkit-nav-heading' },
      h('h2', { id: 'toolkit-nav-heading' }, t('All sections')),
      h('p', { class: 'hint small' }, t('Use the arrow keys to move through the sections, and Enter to open one.')))
    $main.append(h('div', { class: 'columns' }, this.$nav, this.$content))
  }

  leave () {
    this.request?.abort()
  }

  /** @param {URL} url */
  async show (url) {
    const slug = decodeURIComponent(url.pathname.split('/')[2] ?? '')
    this.request?.abort()
    this.request = new AbortController()
    const signal = this.request.signal
    let nodes
    try {
      this.tree ??= getJson('/api/v1/toolkit').then((data) => data.items)
      nodes = await this.tree
    } catch (error) {
      this.tree = null
      this.showProblem()
      return
    }
    this.renderTree(nodes, slug)
    if (!slug) {
      this.renderIntro(nodes)
      return
    }
    try {
      const section = await getJson(`/api/v1/toolkit-sections/${encodeURIComponent(slug)}`, { signal })
      this.renderSection(section, flatten(nodes))
    } catch (error) {
      if (isAbort(error)) return
      if (error instanceof ApiError && error.status === 404) {
        showNotFound(this.$content, t('that section of the toolkit'))
      } else {
        this.showProblem()
      }
    }
  }

  showProblem () {
    document.title = pageTitle(t('Sorry, there is a problem'))
    fill(this.$content, h('h1', {}, t('Sorry, there is a problem')), h('p', {}, t('We could not load the toolkit. Please try again later.')))
  }

  /**
   * @param {ToolkitNode[]} nodes
   * @param {string} slug
   */
  renderTree (nodes, slug) {
    const $existing = this.$nav.querySelector('[role="tree"]')
    if ($existing) {
      $existing.dispatchEvent(new CustomEvent(TREE_CURRENT, { detail: { slug: slug || null } }))
      return
    }
    const $tree = h('ul', { class: 'tree', role: 'tree', 'aria-labelledby': 'toolkit-nav-heading', 'data-module': 'ckb-tree' }, this.treeItems(nodes, slug))
    this.$nav.append($tree)
    initAll(this.$nav)
  }

  /**
   * @param {ToolkitNode[]} nodes
   * @param {string} slug
   * @returns {HTMLElement[]}
   */
  treeItems (nodes, slug) {
    return nodes.map((node) => {
      const groupId = node.children.length ? uid('toolkit-group') : null
      const $item = h('a', {
        role: 'treeitem',
        class: 'tree__item',
        href: toolkitPath(node.slug),
        tabindex: '-1',
        'data-slug': node.slug,
        'aria-expanded': groupId ? 'false' : null,
        'aria-owns': groupId,
        'aria-current': node.slug === slug ? 'page' : null
      }, h('span', { class: 'tree__toggle', 'aria-hidden': 'true' }), h('span', { class: 'tree__label' }, node.title))
      const $group = groupId
        ? h('ul', { role: 'group', id: groupId, hidden: true }, this.treeItems(node.children, slug))
        : null
      return h('li', { role: 'none' }, $item, $group)
    })
  }

  /** @param {ToolkitNode[]} nodes */
  renderIntro (nodes) {
    document.title = pageTitle(t('The co-production toolkit'))
    const first = nodes[0]
    fill(this.$content, 
      h('span', { class: 'caption' }, t('Toolkit')),
      h('h1', {}, t('The co-production toolkit')),
      h('p', { class: 'lead' }, t('A guide to working together on public services: the context, models, principles, ways of working and examples.')),
      h('p', {}, tn(
        'The toolkit has {count} section. Choose one from the list of all sections, or start at the beginning.',
        'The toolkit has {count} sections. Choose one from the list of all sections, or start at the beginning.',
        flatten(nodes).length, { count: flatten(nodes).length.toLocaleString(localeTag()) })),
      first ? h('p', {}, h('a', { class: 'button', href: toolkitPath(first.slug) }, t('Start with “{title}”', { title: first.title }))) : null
    )
  }

  /**
   * @param {Record<string, any>} section
   * @param {Array<{ node: ToolkitNode, parent: ToolkitNode | null }>} order
   */
  renderSection (section, order) {
    document.title = pageTitle(t('{title} – Toolkit', { title: section.title }))
    const at = order.findIndex((item) => item.node.id === section.id)
    const here = order[at]
    const previous = at > 0 ? order[at - 1].node : null
    const next = at >= 0 && at < order.length - 1 ? order[at + 1].node : null
    const children = here?.node.children ?? []
    const related = entrySections({ ...section, body_html: '' })
    fill(this.$content, 
      h('span', { class: 'caption' }, here?.parent ? t('Toolkit · {parent}', { parent: here.parent.title }) : t('Toolkit')),
      h('h1', {}, section.title),
      section.summary ? h('p', { class: 'lead' }, section.summary) : null,
      section.body_html ? h('div', { class: 'prose' }, safeFragment(section.body_html)) : null,
      children.length
        ? h('section', {},
          h('h2', {}, t('In this section')),
          h('ul', { class: 'list-bullet' }, children.map((child) => h('li', {}, h('a', { href: toolkitPath(child.slug) }, child.title)))))
        : null,
      ...related,
      relatedSection(section),
      h('p', {}, h('a', { href: `/toolkit-sections/${encodeURIComponent(section.slug)}` }, t('Share or cite this section'))),
      h('nav', { class: 'section-nav', 'aria-label': t('Previous and next sections') },
        previous ? h('a', { href: toolkitPath(previous.slug), rel: 'prev' }, t('Previous: {title}', { title: previous.title })) : h('span'),
        next ? h('a', { href: toolkitPath(next.slug), rel: 'next' }, t('Next: {title}', { title: next.title })) : null)
    )
    initAll(this.$content)
  }
}
