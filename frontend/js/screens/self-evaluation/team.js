/**
 * Team and reviewers (/self-evaluation/{token}/team, the owner's): links for colleagues and
 * for a reviewer from another organisation, made and withdrawn here; the spread of the team's
 * answers per statement; replacing the owner's own link.
 */

import { ApiError } from '../../api.js'
import { fill, h } from '../../dom.js'
import { t } from '../../i18n.js'
import { initAll } from '../../modules.js'
import { spread } from './report.js'
import { apiPath, call, caption, dayText, linkField, load, read, roleText, screenPath, setTitle, showProblem, subNav } from './common.js'
import { tableWrap } from './table-wrap.js'

/**
 * @typedef {object} Invitation
 * @property {number | string} id
 * @property {'team' | 'peer'} role
 * @property {string} name
 * @property {boolean} submitted
 * @property {string} created_at
 * @property {boolean} revoked
 */

export class TeamScreen {
  /** @param {HTMLElement} $main */
  constructor ($main) {
    this.$main = $main
    this.token = ''
    this.$list = h('div', {})
    this.$made = h('div', {})
    this.$status = h('p', { class: 'status-text', role: 'status' })
  }

  /** @param {string} token */
  async show (token) {
    this.token = token
    let loaded
    try {
      loaded = await load(token)
    } catch (error) {
      showProblem(this.$main, error)
      return
    }
    const { assessment } = loaded
    setTitle(t('Team and reviewers'))
    if (assessment.role !== 'owner') {
      fill(this.$main, h('div', { class: 'measure' },
        caption(assessment),
        h('h1', {}, t('Team and reviewers')),
        subNav(token, assessment, 'team'),
        h('p', {}, t('Only the organisation that started this self-evaluation can invite people.'))))
      return
    }
    /** @type {import('./report.js').Results | null} */
    let results = null
    try {
      results = await read(apiPath(token, 'results'))
    } catch {
      results = null
    }

    this.$name = h('input', { class: 'input', type: 'text', id: 'invite-name', maxlength: 200, 'aria-describedby': 'invite-name-hint' })
    this.$roles = [
      h('input', { type: 'radio', name: 'invite-role', id: 'invite-role-team', value: 'team', checked: true, 'aria-describedby': 'invite-role-team-hint' }),
      h('input', { type: 'radio', name: 'invite-role', id: 'invite-role-peer', value: 'peer', 'aria-describedby': 'invite-role-peer-hint' })
    ]
    this.$error = h('p', { class: 'error-message', id: 'invite-error', hidden: true })
    const $form = h('form', { novalidate: true, on: { submit: (event) => this.invite(/** @type {SubmitEvent} */ (event)) } },
      h('fieldset', { class: 'form-group' },
        h('legend', { class: 'label' }, t('Who do you want to invite?')),
        h('div', { class: 'choices' },
          h('div', { class: 'choice choice--hinted' }, this.$roles[0], h('div', {},
            h('label', { for: 'invite-role-team' }, t('A colleague from your organisation')),
            h('p', { class: 'hint choice__hint', id: 'invite-role-team-hint' }, t('They answer the same statements on their own. The results combine everyone’s answers and show where you disagree.')))),
          h('div', { class: 'choice choice--hinted' }, this.$roles[1], h('div', {},
            h('label', { for: 'invite-role-peer' }, t('A reviewer from another organisation')),
            h('p', { class: 'hint choice__hint', id: 'invite-role-peer-hint' }, t('They rate how well you co-produce, without seeing your answers until they submit theirs. The results show their scores beside yours.')))))),
      h('div', { class: 'form-group' },
        h('label', { class: 'label', for: 'invite-name' }, t('Their name')),
        h('p', { class: 'hint', id: 'invite-name-hint' }, t('A colleague’s name, or the name of the reviewing organisation. Everyone with a link to this self-evaluation can see it.')),
        this.$error,
        this.$name),
      h('button', { type: 'submit', class: 'button' }, t('Create a link')))

    fill(this.$main, h('div', {},
      caption(assessment),
      h('h1', {}, t('Team and reviewers')),
      subNav(token, assessment, 'team'),
      h('div', { class: 'measure' },
        h('p', {}, t('Each person gets a link of their own. Anyone with a link can answer, so send each link only to the person it is for. You can withdraw a link at any time.')),
        h('h2', {}, t('Invite someone')),
        $form,
        this.$made,
        h('h2', {}, t('Links you have shared')),
        this.$status,
        this.$list,
        results ? [h('h2', {}, t('Where your team disagrees')), spread(results)] : null,
        h('h2', {}, t('Your own private link')),
        h('p', {}, t('If your link may have reached someone it should not have, replace it. The old link stops working at once.')),
        h('div', { id: 'owner-link' }),
        h('button', { type: 'button', class: 'button button--warning', on: { click: () => this.replaceLink() } }, t('Replace your private link')),
        h('h2', {}, t('Erase this self-evaluation')),
        h('p', {}, t('This erases every round, every answer and every link of this self-evaluation, for good.')),
        this.$erase = h('div', {},
          h('button', { type: 'button', class: 'button button--secondary', on: { click: () => this.confirmErase() } }, t('Erase this self-evaluation'))))))
    await this.refresh()
  }

  async refresh () {
    /** @type {Invitation[]} */
    let items
    try {
      items = (await read(apiPath(this.token, 'invitations'))).items
    } catch {
      fill(this.$list, h('p', {}, t('We could not load the links. Please try again later.')))
      return
    }
    if (!items.length) {
      fill(this.$list, h('p', {}, t('You have not shared any links yet.')))
      return
    }
    fill(this.$list, tableWrap(
      h('table', { class: 'table', 'data-invitations': '' },
        h('caption', { class: 'visually-hidden' }, t('Links you have shared')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('Name')),
          h('th', { scope: 'col' }, t('Role')),
          h('th', { scope: 'col' }, t('Status')),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('Actions'))))),
        h('tbody', {}, items.map((item) => h('tr', {},
          h('th', { scope: 'row' }, item.name),
          h('td', {}, roleText(item.role)),
          h('td', {}, item.revoked
            ? h('strong', { class: 'tag tag--grey' }, t('Withdrawn'))
            : item.submitted ? h('strong', { class: 'tag tag--published' }, t('Submitted')) : h('strong', { class: 'tag tag--pending' }, t('Not submitted')),
          h('span', { class: 'hint small' }, ' ' + t('Created {date}', { date: dayText(item.created_at) }))),
          h('td', {}, item.revoked
            ? null
            : h('button', { type: 'button', class: 'link-button', on: { click: () => this.revoke(item) } },
              t('Withdraw link'), h('span', { class: 'visually-hidden' }, ' ' + t('for {name}', { name: item.name }))))))))))
  }

  /** @param {SubmitEvent} event */
  async invite (event) {
    event.preventDefault()
    const name = this.$name?.value.trim() ?? ''
    const role = this.$roles?.find(($radio) => $radio.checked)?.value ?? 'team'
    const $error = /** @type {HTMLElement} */ (this.$error)
    const $name = /** @type {HTMLInputElement} */ (this.$name)
    if (!name) {
      $error.hidden = false
      fill($error, h('span', { class: 'visually-hidden' }, t('Error:')), ' ', t('Enter their name'))
      $name.setAttribute('aria-invalid', 'true')
      $name.setAttribute('aria-describedby', 'invite-name-hint invite-error')
      $name.focus()
      return
    }
    $error.hidden = true
    $name.removeAttribute('aria-invalid')
    $name.setAttribute('aria-describedby', 'invite-name-hint')
    try {
      const { data } = await call('POST', apiPath(this.token, 'invitations'), { body: { role, name } })
      const $heading = h('h2', { tabindex: '-1' }, role === 'peer' ? t('Link for the reviewer {name}', { name }) : t('Link for your colleague {name}', { name }))
      fill(this.$made, h('div', { class: 'notice notice--success' },
        $heading,
        h('p', {}, t('Copy this link now and send it to them: it is not shown again.')),
        linkField(data.url, `invite-link-${data.id}`, t('Their link'))))
      initAll(this.$made)
      $name.value = ''
      $heading.focus()
      await this.refresh()
    } catch (error) {
      $error.hidden = false
      fill($error, h('span', { class: 'visually-hidden' }, t('Error:')), ' ',
        error instanceof ApiError && error.status === 422 ? t('Enter a name of 200 characters or fewer') : t('Sorry, we could not create the link. Please try again later.'))
    }
  }

  /** @param {Invitation} item */
  async revoke (item) {
    try {
      await call('DELETE', apiPath(this.token, 'invitations/' + encodeURIComponent(String(item.id))))
      await this.refresh()
      this.$status.textContent = t('The link for {name} no longer works.', { name: item.name })
      this.$status.setAttribute('tabindex', '-1')
      this.$status.focus()
    } catch {
      this.$status.textContent = t('Sorry, we could not withdraw the link. Please try again later.')
    }
  }

  /** A second, deliberate step before erasing. */
  confirmErase () {
    const $question = h('p', { tabindex: '-1' }, h('strong', {}, t('Are you sure? Nobody can undo this.')))
    fill(/** @type {HTMLElement} */ (this.$erase), h('div', { class: 'notice' },
      $question,
      h('div', { class: 'button-group' },
        h('button', { type: 'button', class: 'button button--warning', on: { click: () => this.erase() } }, t('Yes, erase everything')),
        h('button', { type: 'button', class: 'link-button', on: { click: () => this.show(this.token) } }, t('Cancel')))))
    $question.focus()
  }

  async erase () {
    try {
      await call('DELETE', apiPath(this.token))
    } catch {
      fill(/** @type {HTMLElement} */ (this.$erase), h('p', { class: 'error-message' }, t('Sorry, we could not erase your self-evaluation. Please try again later.')))
      return
    }
    history.replaceState(null, '', screenPath())
    setTitle(t('Your self-evaluation has been erased'))
    const $panel = h('div', { class: 'panel', tabindex: '-1' }, h('h1', {}, t('Your self-evaluation has been erased')))
    fill(this.$main, h('div', { class: 'measure' },
      $panel,
      h('p', {}, t('Its rounds, answers and links are gone, and none of its links work any more.')),
      h('p', {}, h('a', { href: screenPath() }, t('Start a new self-evaluation')))))
    $panel.focus()
  }

  async replaceLink () {
    let data
    try {
      data = (await call('POST', apiPath(this.token, 'token'))).data
    } catch {
      fill(/** @type {HTMLElement} */ (this.$main.querySelector('#owner-link')), h('p', { class: 'error-message' }, t('Sorry, we could not replace your link. Please try again later.')))
      return
    }
    // Every link on the page holds the old token: the page is drawn again with the new one.
    history.replaceState(history.state, '', screenPath(data.token, 'team'))
    await this.show(data.token)
    const $place = /** @type {HTMLElement} */ (this.$main.querySelector('#owner-link'))
    const $heading = h('p', { tabindex: '-1' }, h('strong', {}, t('Your link has been replaced. The old one no longer works: keep this new one safe.')))
    fill($place, h('div', { class: 'notice notice--success' }, $heading, linkField(data.url, 'owner-new-link', t('Your new private link'))))
    initAll($place)
    $heading.focus()
  }
}
