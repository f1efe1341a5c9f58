/**
 * Share button (data-module="ckb-share"): opens the device's share sheet (Web Share API) with
 * data-share-title and data-share-url; where there is none, copies the link instead.
 */

import { defineModule } from '../modules.js'
import { t } from '../i18n.js'

export class ShareButton {
  /** @param {HTMLElement} $button */
  constructor ($button) {
    this.$button = $button
    this.$status = document.createElement('span')
    this.$status.className = 'visually-hidden'
    this.$status.setAttribute('role', 'status')
    this.$message = document.createElement('p')
    this.$message.className = 'hint small'
    this.$message.hidden = true
    $button.after(this.$status, this.$message)
    $button.addEventListener('click', () => this.share())
  }

  async share () {
    const data = { title: this.$button.dataset.shareTitle ?? document.title, url: this.$button.dataset.shareUrl ?? window.location.href }
    if (typeof navigator.share === 'function' && (!navigator.canShare || navigator.canShare(data))) {
      try {
        await navigator.share(data)
        return
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') return // the reader closed the sheet
      }
    }
    let message
    try {
      await navigator.clipboard.writeText(data.url)
      message = t('Link copied. You can paste it into an email or a message.')
    } catch {
      message = t('Copy this link to share the page: {url}', { url: data.url })
    }
    this.$message.textContent = message
    this.$message.hidden = false
    this.$status.textContent = ''
    window.setTimeout(() => { this.$status.textContent = message }, 50)
  }
}

defineModule('ckb-share', ShareButton)
