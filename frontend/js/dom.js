/**
 * Building the page without innerHTML: elements are made with createElement and filled with
 * text nodes, so that nothing from the API is ever parsed as HTML here.
 */

import { localPath } from './i18n.js'

/** @typedef {string | number | Node | null | undefined | false} Child */
/** @typedef {Child | Child[]} Children */

/**
 * @typedef {Record<string, string | number | boolean | null | undefined> & {
 *   class?: string,
 *   text?: string,
 *   on?: Record<string, EventListener>
 * }} Attributes
 */

/**
 * Make an element: h('a', { href: '/toolkit', class: 'link' }, 'The toolkit').
 * `text` sets the text; `on` adds listeners; true adds an empty attribute; null, undefined
 * and false leave it out. Inline styles and on* attributes are refused: the CSP blocks them.
 *
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attributes} [attributes]
 * @param {...Children} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h (tag, attributes = {}, ...children) {
  const $element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'on') {
      for (const [type, listener] of Object.entries(/** @type {Record<string, EventListener>} */ (value))) {
        $element.addEventListener(type, listener)
      }
    } else if (name === 'text') {
      $element.textContent = String(value ?? '')
    } else if (name === 'style' || name.toLowerCase().startsWith('on')) {
      throw new Error(`h(): ${name} is not allowed`)
    } else if (name === 'href' && tag === 'a' && typeof value === 'string' && !('hreflang' in attributes)) {
      // A link to a page of this site stays in the page's language (Welsh: under /cy/).
      $element.setAttribute(name, localPath(value))
    } else if (value === true) {
      $element.setAttribute(name, '')
    } else if (value !== false && value !== null && value !== undefined) {
      $element.setAttribute(name, String(value))
    }
  }
  append($element, children)
  return $element
}

/**
 * @param {Element | DocumentFragment} $parent
 * @param {Children[]} children
 */
export function append ($parent, children) {
  for (const child of children.flat(2)) {
    if (child === null || child === undefined || child === false) continue
    $parent.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
}

/**
 * Text that only screen readers read (for example a kind of thing after a link).
 * @param {string} text
 */
export function hidden (text) {
  return h('span', { class: 'visually-hidden', text })
}

/**
 * A URL from the API, if it is one a link may point to (http, https or mailto, or a path on
 * this site); anything else (javascript:, data: …) gives null.
 * @param {string | null | undefined} url
 * @returns {string | null}
 */
export function safeHref (url) {
  if (!url) return null
  try {
    const parsed = new URL(url, window.location.origin)
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : null
  } catch {
    return null
  }
}

/**
 * A link that leaves the site, or plain text when the URL is not safe.
 * @param {string | null | undefined} url
 * @param {string} [text]
 */
export function externalLink (url, text) {
  const href = safeHref(url)
  const label = text || url || ''
  if (!href) return document.createTextNode(label)
  return h('a', { href, rel: 'noopener noreferrer' }, label)
}

/** Ids unique within the page, for labels, descriptions and ARIA references. */
let counter = 0
/** @param {string} prefix */
export function uid (prefix) {
  counter += 1
  return `${prefix}-${counter}`
}

/**
 * Replace what an element holds (null, undefined and false children are left out, arrays
 * are flattened; replaceChildren itself would write "null").
 * @param {Element | DocumentFragment} $parent
 * @param {...Children} children
 */
export function fill ($parent, ...children) {
  $parent.replaceChildren()
  append($parent, children)
}
