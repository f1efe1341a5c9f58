/**
 * Order the toolkit (/editor/toolkit): every section with buttons to move it up or down among
 * its neighbours, into the section above it, or out of the section it is in. Each move is
 * saved at once (PATCH parent_id and position), then the tree is drawn again with focus back
 * on the same button, and a live region says where the section is now.
 */

import { ApiError, getJson, request } from '../../api.js'
import { fill, h } from '../../dom.js'
import { pageTitle } from '../../labels.js'
import { t } from '../../i18n.js'

/** @typedef {import('../toolkit.js').ToolkitNode} ToolkitNode */
/** @typedef {'up' | 'down' | 'in' | 'out'} Move */

/**
 * @typedef {object} Place
 * @property {ToolkitNode} node
 * @property {ToolkitNode | null} parent
 * @property {ToolkitNode[]} siblings - the list it is in, itself included
 */

/**
 * @param {ToolkitNode[]} nodes
 * @param {ToolkitNode | null} [parent]
 * @returns {Map<number, Place>}
 */
function places (nodes, parent = null, out = new Map()) {
  for (const node of nodes) {
    out.set(node.id, { node, parent, siblings: nodes })
    places(node.children, node, out)
  }
  return out
}

/** @type {Record<Move, string>} */
const LABELS = { up: t('Up'), down: t('Down'), in: t('In'), out: t('Out') }

export class ToolkitOrderView {
  /**
   * @param {HTMLElement} $view
   * @param {string} key
   */
  constructor ($view, key) {
    this.$view = $view
    this.key = key
    /** @type {ToolkitNode[]} */
    this.tree = []
    this.busy = false
    this.$status = h('p', { role: 'status', class: 'status-text' })
    this.$tree = h('div', {})
  }

  async show () {
    document.title = pageTitle(t('Order the toolkit – Editors'))
    fill(this.$view, 
      h('h1', {}, t('Order the toolkit')),
      h('p', { class: 'measure' }, t('Up and Down change the order of sections next to each other. In puts a section inside the one above it. Out takes a section out of the one it is in. Each change is saved straight away.')),
      this.$status,
      this.$tree
    )
    await this.load()
  }

  async load () {
    try {
      this.tree = (await getJson('/api/v1/toolkit', { key: this.key })).items
    } catch {
      this.$status.textContent = t('Sorry, we could not load the toolkit. Please try again later.')
      return
    }
    fill(this.$tree, this.list(this.tree))
  }

  /** @param {ToolkitNode[]} nodes */
  list (nodes) {
    return h('ol', { class: 'order-list' },
      nodes.map((node, index) =>
        h('li', { class: 'order-item' },
          h('div', { class: 'order-item__row' },
            h('span', { class: 'order-item__title' }, node.title),
            h('span', { class: 'order-item__actions' },
              /** @type {Move[]} */ (['up', 'down', 'in', 'out']).map((move) => this.button(node, move, this.possible(move, index, nodes))))),
          node.children.length ? this.list(node.children) : null)))
  }

  /**
   * @param {Move} move
   * @param {number} index
   * @param {ToolkitNode[]} siblings
   */
  possible (move, index, siblings) {
    if (move === 'up' || move === 'in') return index > 0
    if (move === 'down') return index < siblings.length - 1
    return siblings !== this.tree
  }

  /**
   * @param {ToolkitNode} node
   * @param {Move} move
   * @param {boolean} possible
   */
  button (node, move, possible) {
    // The whole sentence is the button's name; it contains the visible word (WCAG 2.5.3).
    const title = { title: node.title }
    const words = {
      up: t('Move “{title}” up', title),
      down: t('Move “{title}” down', title),
      in: t('Put “{title}” in the section above it', title),
      out: t('Take “{title}” out of the section it is in', title)
    }[move]
    return h('button', {
      type: 'button',
      class: 'button button--secondary button--small',
      'data-id': node.id,
      'data-move': move,
      'aria-label': words,
      'aria-disabled': possible ? null : 'true',
      on: { click: () => this.move(node.id, move) }
    }, LABELS[move])
  }

  /**
   * @param {number} id
   * @param {Move} move
   */
  async move (id, move) {
    if (this.busy) return
    const place = places(this.tree).get(id)
    if (!place) return
    const { node, parent, siblings } = place
    const index = siblings.indexOf(node)
    const all = places(this.tree)
    /** @type {Array<{ parent: ToolkitNode | null, order: ToolkitNode[] }>} lists whose order changes */
    let lists
    if (move === 'up' && index > 0) {
      const order = [...siblings]
      order.splice(index - 1, 2, node, siblings[index - 1])
      lists = [{ parent, order }]
    } else if (move === 'down' && index < siblings.length - 1) {
      const order = [...siblings]
      order.splice(index, 2, siblings[index + 1], node)
      lists = [{ parent, order }]
    } else if (move === 'in' && index > 0) {
      const newParent = siblings[index - 1]
      lists = [
        { parent, order: siblings.filter((s) => s !== node) },
        { parent: newParent, order: [...newParent.children, node] }
      ]
    } else if (move === 'out' && parent) {
      const above = all.get(parent.id)
      const outer = above ? above.siblings : this.tree
      const order = [...outer]
      order.splice(order.indexOf(parent) + 1, 0, node)
      lists = [
        { parent, order: siblings.filter((s) => s !== node) },
        { parent: above?.parent ?? null, order }
      ]
    } else {
      const title = { title: node.title }
      this.$status.textContent = {
        up: t('“{title}” is already first.', title),
        down: t('“{title}” is already last.', title),
        in: t('There is no section above “{title}” to put it in.', title),
        out: t('“{title}” is already a main section.', title)
      }[move]
      return
    }

    this.busy = true
    this.$status.textContent = t('Saving…')
    try {
      for (const list of lists) {
        for (const [position, item] of list.order.entries()) {
          const current = all.get(item.id)
          const parentId = list.parent ? list.parent.id : null
          if (current && current.node.position === position && (current.parent?.id ?? null) === parentId) continue
          await request('PATCH', `/api/v1/toolkit-sections/${item.id}`, { key: this.key, body: { parent_id: parentId, position } })
        }
      }
    } catch (error) {
      this.$status.textContent = t('Sorry, that move was not saved: {reason}.', { reason: error instanceof ApiError ? error.problem.detail : t('please try again') })
      this.busy = false
      await this.load()
      return
    }
    await this.load()
    this.busy = false
    const after = places(this.tree).get(id)
    if (after) {
      const values = { title: node.title, number: after.siblings.indexOf(after.node) + 1, count: after.siblings.length, parent: after.parent?.title ?? '' }
      this.$status.textContent = after.parent
        ? t('Moved “{title}”. It is now number {number} of {count} in “{parent}”.', values)
        : t('Moved “{title}”. It is now number {number} of {count} among the main sections.', values)
    }
    const $same = /** @type {HTMLElement | null} */ (this.$tree.querySelector(`[data-id="${id}"][data-move="${move}"]`))
    $same?.focus()
  }
}
