/**
 * The fields of each kind of entry, as the forms show them (see forms.js): labels in plain
 * words, the API's names, and the API's limits (for messages when an error does not give its
 * own). The deposit form and the editors' forms share them.
 */

/** @typedef {import('./controls/base.js').Field} Field */

// The API's limits in characters (app/models/fields.py: Title, Line, Label, Summary, LongText, Url).
const TITLE_MAX = 300
const LINE_MAX = 300
const LABEL_MAX = 100
const SUMMARY_MAX = 5_000
const LONG_TEXT_MAX = 200_000
const URL_MAX = 2_000

/** @type {Field} */
export const TITLE = { name: 'title', label: 'Title', type: 'text', maxLength: TITLE_MAX, missing: 'Enter a title' }
/** @type {Field} */
export const SUMMARY = { name: 'summary', label: 'Short description', type: 'textarea', rows: 3, optional: true, maxLength: SUMMARY_MAX, hint: 'One or two sentences. This shows in search results.' }
/** @type {Field} */
export const BODY = { name: 'body', label: 'Full description', type: 'textarea', rows: 10, optional: true, maxLength: LONG_TEXT_MAX, hint: 'You can use Markdown: # for a heading, * for a list, [words](https://…) for a link.' }
/** @type {Field} */
export const KEYWORDS = { name: 'keywords', label: 'Keywords', type: 'keywords', optional: true, itemName: 'keyword', maxLength: LABEL_MAX, maxItems: 50, hint: 'Words people might search for, with commas between them. For example: mental health, housing' }
/** @type {Field} */
export const LINKS = {
  name: 'links',
  label: 'Web links',
  type: 'repeat',
  optional: true,
  itemName: 'link',
  addLabel: 'Add another link',
  maxItems: 50,
  fields: [
    { name: 'url', label: 'Web address', type: 'url', maxLength: URL_MAX, hint: 'Starting with https:// or http://', invalid: 'Enter a web address starting with https:// or http://' },
    { name: 'label', label: 'What the link is', noun: 'what the link is', type: 'text', optional: true, maxLength: LABEL_MAX, hint: 'For example: the project’s website' }
  ]
}
/** @type {Field} */
export const START_YEAR = { name: 'start_year', label: 'Year it started', type: 'year', optional: true, nullable: true, hint: 'For example, 2019', invalid: 'Enter the year it started as 4 numbers, like 2019' }
/** @type {Field} */
export const END_YEAR = { name: 'end_year', label: 'Year it ended', type: 'year', optional: true, nullable: true, hint: 'Leave this empty if it is still going on', invalid: 'Enter the year it ended as 4 numbers, like 2021' }
/** @type {Field} */
export const PLACE = { name: 'place', label: 'Town, city or area', type: 'text', optional: true, nullable: true, width: 'short', maxLength: LINE_MAX }
/** @type {Field} */
export const REGION = {
  name: 'region',
  label: 'Nation or region',
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
  label: 'People who took part',
  type: 'repeat',
  optional: true,
  itemName: 'person',
  itemsName: 'people',
  addLabel: 'Add another person',
  maxItems: 200,
  hint: 'The people who led or took part, and what they did.',
  fields: [
    { name: 'name', label: 'Name', type: 'text', maxLength: TITLE_MAX, missing: 'Enter the person’s name' },
    { name: 'organisation', label: 'Organisation', type: 'text', optional: true, nullable: true, maxLength: LINE_MAX },
    { name: 'role', label: 'Role', type: 'text', optional: true, nullable: true, maxLength: LINE_MAX, hint: 'For example: lead, researcher, community member' }
  ]
}
/** @type {Field} */
export const ORGANISATIONS = { name: 'organisations', label: 'Organisations involved', type: 'lines', optional: true, itemName: 'organisation', maxLength: LINE_MAX, maxItems: 200, hint: 'Put each organisation on a new line.' }
/** @type {Field} */
export const PUBLICATIONS = {
  name: 'publications',
  label: 'Reports or articles about it',
  type: 'repeat',
  optional: true,
  itemName: 'report',
  addLabel: 'Add another report',
  maxItems: 200,
  fields: [
    { name: 'title', label: 'Title', type: 'text', maxLength: TITLE_MAX, missing: 'Enter the title of the report' },
    { name: 'url', label: 'Web address', type: 'url', optional: true, nullable: true, maxLength: URL_MAX, invalid: 'Enter a web address starting with https:// or http://' },
    { name: 'year', label: 'Year', type: 'year', optional: true, nullable: true, invalid: 'Enter the year as 4 numbers, like 2019' }
  ]
}
/** @type {Field} */
export const OUTCOMES = { name: 'outcomes', label: 'What changed because of it', noun: 'what changed because of it', type: 'textarea', rows: 5, optional: true, maxLength: LONG_TEXT_MAX }
/** @type {Field} */
export const FUNDING = { name: 'funding', label: 'Who paid for it', noun: 'who paid for it', type: 'textarea', rows: 2, optional: true, nullable: true, maxLength: LONG_TEXT_MAX }

/** @type {Record<string, Field[]>} each kind's own fields, after the shared ones */
export const KIND_FIELDS = {
  resources: [
    { name: 'type', label: 'Type', type: 'text', optional: true, nullable: true, width: 'short', maxLength: LABEL_MAX, suggestions: ['report', 'video', 'app', 'toolkit', 'framework', 'article', 'website', 'guide', 'diagram'] },
    { name: 'authors', label: 'Written by', noun: 'who wrote it', type: 'lines', optional: true, itemName: 'name', maxLength: LINE_MAX, maxItems: 100, hint: 'Put each person or organisation on a new line.' },
    { name: 'publisher', label: 'Published by', noun: 'who published it', type: 'text', optional: true, nullable: true, maxLength: LINE_MAX },
    { name: 'year', label: 'Year', type: 'year', optional: true, nullable: true, invalid: 'Enter the year as 4 numbers, like 2019' },
    { name: 'url', label: 'Where to find it', noun: 'where to find it', type: 'url', optional: true, nullable: true, maxLength: URL_MAX, hint: 'A web address starting with https:// or http://', invalid: 'Enter a web address starting with https:// or http://' },
    { name: 'category', label: 'Topic', type: 'text', optional: true, nullable: true, maxLength: LINE_MAX, hint: 'For example: Commissioning, or Measuring progress' },
    PLACE
  ],
  projects: [
    {
      name: 'project_type',
      label: 'Type of project',
      type: 'radios',
      options: [{ value: 'case_study', label: 'Case study' }, { value: 'research', label: 'Research project' }]
    },
    START_YEAR, END_YEAR, PLACE, REGION, CONTRIBUTORS, ORGANISATIONS, PUBLICATIONS, OUTCOMES, FUNDING
  ],
  networks: [
    { name: 'network_type', label: 'Type of network', type: 'text', optional: true, nullable: true, width: 'short', maxLength: LABEL_MAX, suggestions: ['network', 'advisory group', 'support organisation', 'working group'] },
    { name: 'organisation', label: 'Hosted by', noun: 'who hosts it', type: 'text', optional: true, nullable: true, maxLength: LINE_MAX },
    REGION,
    { name: 'url', label: 'Website', type: 'url', optional: true, nullable: true, maxLength: URL_MAX, invalid: 'Enter a web address starting with https:// or http://' }
  ],
  'toolkit-sections': []
}
