/**
 * The editor's API key, entered once and kept in this tab's session storage (gone when the
 * tab closes; never in local storage or a cookie).
 */

const STORAGE_KEY = 'ckb-editor-key'

/** @returns {string | null} */
export function getKey () {
  try {
    return sessionStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

/** @param {string} key */
export function setKey (key) {
  sessionStorage.setItem(STORAGE_KEY, key)
}

export function clearKey () {
  try {
    sessionStorage.removeItem(STORAGE_KEY)
  } catch {
    // Nothing stored, nothing to clear.
  }
}
