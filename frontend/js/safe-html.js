/**
 * HTML from the API (an entry's `body_html`, already sanitised on the server, and search
 * snippets with <mark>) is parsed by DOMParser into an inert document (no scripts run, no
 * images load) and rebuilt here node by node through a small allow-list. Anything else is
 * dropped; the text of unknown elements is kept as text.
 */

/** Allowed elements and the attributes each may keep. */
const ALLOWED = new Map([
  ['P', []], ['BR', []], ['H2', []], ['H3', []], ['H4', []], ['H5', []], ['H6', []],
  ['STRONG', []], ['EM', []], ['UL', []], ['OL', ['start']], ['LI', []], ['A', ['href', 'title']],
  ['BLOCKQUOTE', []], ['CODE', []], ['PRE', []], ['MARK', []],
  ['TABLE', []], ['CAPTION', []], ['THEAD', []], ['TBODY', []], ['TFOOT', []], ['TR', []], ['TH', ['scope']], ['TD', []]
])
/** A page has one h1 (the entry's title): a heading 1 in a body becomes a heading 2. */
const RENAMED = new Map([['H1', 'H2']])
/** Elements whose content is code or markup, not text: dropped with everything inside. */
const DROPPED = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'MATH', 'TEXTAREA', 'SELECT', 'TITLE', 'HEAD'])
const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])

/**
 * @param {string} value
 * @returns {string | null}
 */
function safeLink (value) {
  try {
    const url = new URL(value, window.location.origin)
    return LINK_PROTOCOLS.has(url.protocol) ? url.href : null
  } catch {
    return null
  }
}

/**
 * @param {Node} $source
 * @param {Node} $target
 */
function copyChildren ($source, $target) {
  for (const $child of Array.from($source.childNodes)) {
    if ($child.nodeType === Node.TEXT_NODE) {
      $target.appendChild(document.createTextNode($child.nodeValue ?? ''))
    } else if ($child instanceof Element) {
      copyElement($child, $target)
    }
    // Comments, processing instructions and the like are dropped.
  }
}

/**
 * @param {Element} $source
 * @param {Node} $target
 */
function copyElement ($source, $target) {
  const name = $source.tagName.toUpperCase()
  if (DROPPED.has(name)) return
  const tag = RENAMED.get(name) ?? name
  const attributes = ALLOWED.get(tag)
  if (!attributes) {
    copyChildren($source, $target) // unknown element: keep its text
    return
  }
  const $copy = document.createElement(tag.toLowerCase())
  for (const attribute of attributes) {
    const value = $source.getAttribute(attribute)
    if (value === null) continue
    if (attribute === 'href') {
      const href = safeLink(value)
      if (href) $copy.setAttribute('href', href)
    } else if (attribute === 'start') {
      if (/^\d{1,6}$/.test(value)) $copy.setAttribute('start', value)
    } else if (attribute === 'scope') {
      if (['row', 'col', 'rowgroup', 'colgroup'].includes(value)) $copy.setAttribute('scope', value)
    } else {
      $copy.setAttribute(attribute, value)
    }
  }
  if (tag === 'A') $copy.setAttribute('rel', 'noopener noreferrer nofollow')
  copyChildren($source, $copy)
  if (tag === 'TABLE') {
    // Wide tables scroll inside their own box rather than widening the page on phones.
    const $wrap = document.createElement('div')
    $wrap.className = 'table-wrap'
    $wrap.appendChild($copy)
    $target.appendChild($wrap)
  } else {
    $target.appendChild($copy)
  }
}

/**
 * @param {string} html
 * @returns {DocumentFragment}
 */
export function safeFragment (html) {
  const parsed = new DOMParser().parseFromString(String(html ?? ''), 'text/html')
  const $fragment = document.createDocumentFragment()
  copyChildren(parsed.body, $fragment)
  return $fragment
}
