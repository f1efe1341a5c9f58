/**
 * Moving between screens without reloading: screens ask for a URL here, and the router
 * (router.js) listens. Kept apart so that screens do not import the router that imports them.
 */

export const NAVIGATE = 'ckb:navigate'

/**
 * @typedef {object} NavigateOptions
 * @property {boolean} [replace] - replace the current history entry instead of adding one
 * @property {'top' | 'keep' | 'results'} [focus] - where focus goes after the screen updates
 */

/**
 * @param {string} url - a path on this site, with its query, as the English pages have it: the
 *   router moves to it in the page's language (under /cy/ on the Welsh pages; i18n.js localPath)
 * @param {NavigateOptions} [options]
 */
export function navigate (url, options = {}) {
  document.dispatchEvent(new CustomEvent(NAVIGATE, { detail: { url, ...options } }))
}
