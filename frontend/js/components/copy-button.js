/**
 * Copy button (data-module="ckb-copy"): copies the value or text of the element named by
 * data-copy-target, and says so in a live region. Where the clipboard is not available, the
 * text is selected and the reader is told how to copy it.
 */

import { defineModule } from '../modules.js'
import { t } from '../i18n.js'

export class CopyButton {
  /** @param {HTMLElement} $button */
  constructor ($button) {
    this.$button = $button
    this.label = $button.textContent ?? t('Copy')
    this.$status = document.createElement('span')
    this.$status.className = 'visually-hidden'
    this.$status.setAttribute('role', 'status')
    $button.after(this.$status)
    $button.addEventListener('click', () => this.copy())
  }

  async copy () {
    const $target = document.getElementById(this.$button.dataset.copyTarget ?? '')
    if (!$target) return
    const text = $target instanceof HTMLInputElement || $target instanceof HTMLTextAreaElement ? $target.value : $target.textContent ?? ''
    let copied = false
    try {
      await navigator.clipboard.writeText(text)
      copied = true
    } catch {
      copied = false
    }
    if (copied) {
      this.say(t('Copied'), this.$button.dataset.copiedMessage ?? t('Copied.'))
    } else {
      selectText($target)
      this.say(this.label, t('Your browser did not let us copy. The text is selected: press Control and C to copy it.'))
    }
  }

  /**
   * @param {string} buttonText
   * @param {string} message
   */
  say (buttonText, message) {
    this.$button.textContent = buttonText
    this.$status.textContent = ''
    // A change of text is announced; the same text twice in a row would not be.
    window.setTimeout(() => { this.$status.textContent = message }, 50)
    window.setTimeout(() => { this.$button.textContent = this.label }, 3000)
  }
}

/** @param {HTMLElement} $target */
function selectText ($target) {
  if ($target instanceof HTMLInputElement || $target instanceof HTMLTextAreaElement) {
    $target.focus()
    $target.select()
    return
  }
  const range = document.createRange()
  range.selectNodeContents($target)
  const selection = window.getSelection()
  selection?.removeAllRanges()
  selection?.addRange(range)
}

defineModule('ckb-copy', CopyButton)
