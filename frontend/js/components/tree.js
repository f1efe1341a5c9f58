/**
 * Tree of links (data-module="ckb-tree" on a <ul role="tree">): the ARIA navigation treeview
 * pattern. One item is in the tab order (roving tabindex); Up and Down move, Right opens a
 * branch or moves into it, Left closes it or moves to its parent, Home and End go to the ends,
 * typing a letter moves to the next item starting with it, Enter follows the link. The arrow
 * before an item with children opens and closes it on click.
 *
 * The screen that owns the tree tells it which item is current with a `ckb:tree-current`
 * event ({ detail: { slug } }).
 */

import { defineModule } from '../modules.js'

export const TREE_CURRENT = 'ckb:tree-current'

export class Tree {
  /** @param {HTMLElement} $root */
  constructor ($root) {
    this.$root = $root
    $root.addEventListener('keydown', (event) => this.onKeydown(event))
    $root.addEventListener('click', (event) => this.onClick(event))
    $root.addEventListener('focusin', (event) => {
      const $item = /** @type {Element} */ (event.target).closest('[role="treeitem"]')
      if ($item instanceof HTMLElement) this.makeTabbable($item)
    })
    $root.addEventListener(TREE_CURRENT, (event) => this.setCurrent(/** @type {CustomEvent} */ (event).detail.slug))
    const $current = $root.querySelector('[role="treeitem"][aria-current="page"]')
    this.setCurrent($current?.getAttribute('data-slug') ?? null)
  }

  /** @returns {HTMLElement[]} */
  visibleItems () {
    return /** @type {HTMLElement[]} */ (Array.from(this.$root.querySelectorAll('[role="treeitem"]')))
      .filter(($item) => !$item.parentElement?.closest('[role="group"][hidden]'))
  }

  /** @param {HTMLElement} $item */
  groupOf ($item) {
    const id = $item.getAttribute('aria-owns')
    return id ? document.getElementById(id) : null
  }

  /** @param {HTMLElement} $item */
  parentOf ($item) {
    const $group = $item.closest('[role="group"]')
    return $group ? /** @type {HTMLElement | null} */ (this.$root.querySelector(`[aria-owns="${$group.id}"]`)) : null
  }

  /**
   * @param {HTMLElement} $item
   * @param {boolean} open
   */
  setExpanded ($item, open) {
    const $group = this.groupOf($item)
    if (!$group) return
    $item.setAttribute('aria-expanded', String(open))
    $group.hidden = !open
  }

  /** @param {HTMLElement} $item */
  makeTabbable ($item) {
    for (const $other of this.$root.querySelectorAll('[role="treeitem"]')) $other.setAttribute('tabindex', '-1')
    $item.setAttribute('tabindex', '0')
  }

  /** @param {HTMLElement | undefined} $item */
  focus ($item) {
    if (!$item) return
    this.makeTabbable($item)
    $item.focus()
  }

  /**
   * Mark the current page's item, open the branches above it, and make it the one in the
   * tab order (the first item when there is none).
   * @param {string | null} slug
   */
  setCurrent (slug) {
    let $current = null
    for (const $item of this.$root.querySelectorAll('[role="treeitem"]')) {
      if (slug !== null && $item.getAttribute('data-slug') === slug) {
        $item.setAttribute('aria-current', 'page')
        $current = /** @type {HTMLElement} */ ($item)
      } else {
        $item.removeAttribute('aria-current')
      }
    }
    for (let $parent = $current && this.parentOf($current); $parent; $parent = this.parentOf($parent)) {
      this.setExpanded($parent, true)
    }
    const $first = this.visibleItems()[0]
    if ($current ?? $first) this.makeTabbable(/** @type {HTMLElement} */ ($current ?? $first))
  }

  /** @param {MouseEvent} event */
  onClick (event) {
    const $target = /** @type {Element} */ (event.target)
    const $item = /** @type {HTMLElement | null} */ ($target.closest('[role="treeitem"]'))
    if (!$item || !$item.hasAttribute('aria-expanded')) return
    if ($target.closest('.tree__toggle')) {
      // The arrow opens and closes the branch; the words follow the link.
      event.preventDefault()
      this.setExpanded($item, $item.getAttribute('aria-expanded') !== 'true')
      this.focus($item)
    } else {
      this.setExpanded($item, true)
    }
  }

  /** @param {KeyboardEvent} event */
  onKeydown (event) {
    const $item = /** @type {HTMLElement | null} */ (/** @type {Element} */ (event.target).closest('[role="treeitem"]'))
    if (!$item || event.altKey || event.ctrlKey || event.metaKey) return
    const items = this.visibleItems()
    const index = items.indexOf($item)
    const expanded = $item.getAttribute('aria-expanded')
    let handled = true
    switch (event.key) {
      case 'ArrowDown':
        this.focus(items[index + 1])
        break
      case 'ArrowUp':
        this.focus(items[index - 1])
        break
      case 'Home':
        this.focus(items[0])
        break
      case 'End':
        this.focus(items[items.length - 1])
        break
      case 'ArrowRight':
        if (expanded === 'false') {
          this.setExpanded($item, true)
        } else if (expanded === 'true') {
          this.focus(/** @type {HTMLElement | undefined} */ (this.groupOf($item)?.querySelector('[role="treeitem"]') ?? undefined))
        }
        break
      case 'ArrowLeft':
        if (expanded === 'true') {
          this.setExpanded($item, false)
        } else {
          this.focus(this.parentOf($item) ?? undefined)
        }
        break
      default:
        handled = event.key.length === 1 && event.key !== ' ' && this.typeAhead(items, index, event.key)
    }
    if (handled) {
      event.preventDefault()
      event.stopPropagation()
    }
  }

  /**
   * @param {HTMLElement[]} items
   * @param {number} index
   * @param {string} key
   */
  typeAhead (items, index, key) {
    const letter = key.toLocaleLowerCase('en-GB')
    const ordered = [...items.slice(index + 1), ...items.slice(0, index + 1)]
    const $next = ordered.find(($i) => ($i.textContent ?? '').trim().toLocaleLowerCase('en-GB').startsWith(letter))
    if ($next) this.focus($next)
    return Boolean($next)
  }
}

defineModule('ckb-tree', Tree)
