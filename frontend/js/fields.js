/**
 * The fields of each kind of entry, as the forms show them (see forms.js): labels in plain
 * words, the API's names, and the API's limits (for messages when an error does not give its
 * own). The deposit form and the editors' forms share them.
 */

import { t } from './i18n.js'

/** @typedef {import('./controls/base.js').Field} Field */

// The API's limits in characters (app/models/fields.py: Title, Line, Label, Summary, LongText, Url).
const TITLE_MAX = 300
const LINE_MAX = 300
const LABEL_MAX = 100
const SUMMARY_MAX = 5_000
const LONG_TEXT_MAX = 200_000
const URL_MAX = 2_000

/** @type {Field} */
export const TITLE = { name: 'title', label: t('Title'), type: 'text', maxLength: TITLE_MAX, missing: t('Enter a title') }
/** @type {Field} */
export const SUMMARY = { name: 'summary', label: t('Short description'), type: 'textarea', rows: 3, optional: true, maxLength: SUMMARY_MAX, hint: t('One or two sentences. This shows in search results.') }
/** @type {Field} */
export const BODY = { name: 'body', label: t('Full description'), type: 'textarea', rows: 10, optional: true, maxLength: LONG_TEXT_MAX, hint: t('You can use Markdown: # for a heading, * for a list, [words](https://…) for a link.') }
/** @type {Field} */
export const KEYWORDS = { name: 'keywords', label: t('Keywords'), type: 'keywords', optional: true, itemName: t('keyword'), maxLength: LABEL_MAX, maxItems: 50, hint: t('Words people might search for, with commas between them. For example: mental health, housing') }
/** @type {Field} */
export const LINKS = {
  name: 'links',
  label: t('Web links'),
  type: 'repeat',
  optional: true,
  itemName: t('link'),
  addLabel: t('Add another link'),
  maxItems: 50,
  fields: [
    { name: 'url', label: t('Web address'), type: 'url', maxLength: URL_MAX, hint: t('Starting with https:// or http://'), invalid: t('Enter a web address starting with https:// or http://') },
    { name: 'label', label: t('What the link is'), noun: t('what the link is'), type: 'text', optional: true, maxLength: LABEL_MAX, hint: t('For example: the project’s website') }
  ]
}
/** @type {Field} */
export const START_YEAR = { name: 'start_year', label: t('Year it started'), type: 'year', optional: true, nullable: true, hint: t('For example, 2019'), invalid: t('Enter the year it started as 4 numbers, like 2019') }
/** @type {Field} */
export const END_YEAR = { name: 'end_year', label: t('Year it ended'), type: 'year', optional: true, nullable: true, hint: t('Leave this empty if it is still going on'), invalid: t('Enter the year it ended as 4 numbers, like 2021') }
/** @type {Field} */
export const PLACE = { name: 'place', label: t('Town, city or area'), type: 'text', optional: true, nullable: true, width: 'short', maxLength: LINE_MAX }
/** @type {Field} */
export const REGION = {
  name: 'region',
  label: t('Nation or region'),
  type: 'text',
  optional: true,
  nullable: true,
  width: 'short',
  maxLength: LINE_MAX,
  suggestions: ['England', 'Scotland', 'Wales', 'Northern Ireland', 'London', 'United Kingdom']
}
/** @type {Field} */
export const CONTRIBUTORS = {
  name: 'contributors',
  label: t('People who took part'),
  type: 'repeat',
  optional: true,
  itemName: t('person'),
  itemsName: t('people'),
  addLabel: t('Add another person'),
  maxItems: 200,
  hint: t('The people who led or took part, and what they did.'),
  fields: [
    { name: 'name', label: t('Name'), type: 'text', maxLength: TITLE_MAX, missing: t('Enter the person’s name') },
    { name: 'organisation', label: t('Organisation'), type: 'text', optional: true, nullable: true, maxLength: LINE_MAX },
    { name: 'role', label: t('Role'), type: 'text', optional: true, nullable: true, maxLength: LINE_MAX, hint: t('For example: lead, researcher, community member') }
  ]
}
/** @type {Field} */
export const ORGANISATIONS = { name: 'organisations', label: t('Organisations involved'), type: 'lines', optional: true, itemName: t('organisation'), maxLength: LINE_MAX, maxItems: 200, hint: t('Put each organisation on a new line.') }
/** @type {Field} */
export const PUBLICATIONS = {
  name: 'publications',
  label: t('Reports or articles about it'),
  type: 'repeat',
  optional: true,
  itemName: t('report'),
  addLabel: t('Add another report'),
  maxItems: 200,
  fields: [
    { name: 'title', label: t('Title'), type: 'text', maxLength: TITLE_MAX, missing: t('Enter the title of the report') },
    { name: 'url', label: t('Web address'), type: 'url', optional: true, nullable: true, maxLength: URL_MAX, invalid: t('Enter a web address starting with https:// or http://') },
    { name: 'year', label: t('Year'), type: 'year', optional: true, nullable: true, invalid: t('Enter the year as 4 numbers, like 2019') }
  ]
}
/** @type {Field} */
export const OUTCOMES = { name: 'outcomes', label: t('What changed because of it'), noun: t('what changed because of it'), type: 'textarea', rows: 5, optional: true, maxLength: LONG_TEXT_MAX }
/** @type {Field} */
export const FUNDING = { name: 'funding', label: t('Who paid for it'), noun: t('who paid for it'), type: 'textarea', rows: 2, optional: true, nullable: true, maxLength: LONG_TEXT_MAX }

/** @type {Record<string, Field[]>} each kind's own fields, after the shared ones */
export const KIND_FIELDS = {
  resources: [
    { name: 'type', label: t('Type'), type: 'text', optional: true, nullable: true, width: 'short', maxLength: LABEL_MAX, suggestions: ['report', 'video', 'app', 'toolkit', 'framework', 'article', 'website', 'guide', 'diagram'] },
    { name: 'authors', label: t('Written by'), noun: t('who wrote it'), type: 'lines', optional: true, itemName: t('name'), maxLength: LINE_MAX, maxItems: 100, hint: t('Put each person or organisation on a new line.') },
    { name: 'publisher', label: t('Published by'), noun: t('who published it'), type: 'text', optional: true, nullable: true, maxLength: LINE_MAX },
    { name: 'year', label: t('Year'), type: 'year', optional: true, nullable: true, invalid: t('Enter the year as 4 numbers, like 2019') },
    { name: 'url', label: t('Where to find it'), noun: t('where to find it'), type: 'url', optional: true, nullable: true, maxLength: URL_MAX, hint: t('A web address starting with https:// or http://'), invalid: t('Enter a web address starting with https:// or http://') },
    { name: 'category', label: t('Topic'), type: 'text', optional: true, nullable: true, maxLength: LINE_MAX, hint: t('For example: Commissioning, or Measuring progress') },
    PLACE
  ],
  projects: [
    {
      name: 'project_type',
      label: t('Type of project'),
      type: 'radios',
      options: [{ value: 'case_study', label: t('Case study') }, { value: 'research', label: t('Research project') }]
    },
    START_YEAR, END_YEAR, PLACE, REGION, CONTRIBUTORS, ORGANISATIONS, PUBLICATIONS, OUTCOMES, FUNDING
  ],
  networks: [
    { name: 'network_type', label: t('Type of network'), type: 'text', optional: true, nullable: true, width: 'short', maxLength: LABEL_MAX, suggestions: ['network', 'advisory group', 'support organisation', 'working group'] },
    { name: 'organisation', label: t('Hosted by'), noun: t('who hosts it'), type: 'text', optional: true, nullable: true, maxLength: LINE_MAX },
    REGION,
    { name: 'url', label: t('Website'), type: 'url', optional: true, nullable: true, maxLength: URL_MAX, invalid: t('Enter a web address starting with https:// or http://') }
  ],
  'toolkit-sections': []
}
