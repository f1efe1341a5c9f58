/**
 * The fields of each kind of entry, as the forms show them (see forms.js): labels in plain
 * words, the API's names. The deposit form and the editors' forms share them.
 */

/** @typedef {import('./forms.js').Field} Field */

/** @type {Field} */
export const TITLE = { name: 'title', label: 'Title', type: 'text', missing: 'Enter a title' }
/** @type {Field} */
export const SUMMARY = { name: 'summary', label: 'Short description', type: 'textarea', rows: 3, optional: true, hint: 'One or two sentences. This shows in search results.' }
/** @type {Field} */
export const BODY = { name: 'body', label: 'Full description', type: 'textarea', rows: 10, optional: true, hint: 'You can use Markdown: # for a heading, * for a list, [words](https://…) for a link.' }
/** @type {Field} */
export const KEYWORDS = { name: 'keywords', label: 'Keywords', type: 'keywords', optional: true, hint: 'Words people might search for, with commas between them. For example: mental health, housing' }
/** @type {Field} */
export const LINKS = {
  name: 'links',
  label: 'Web links',
  type: 'repeat',
  optional: true,
  itemName: 'link',
  addLabel: 'Add another link',
  fields: [
    { name: 'url', label: 'Web address', type: 'url', hint: 'Starting with https:// or http://', invalid: 'Enter a web address starting with https:// or http://' },
    { name: 'label', label: 'What the link is', type: 'text', optional: true, hint: 'For example: the project’s website' }
  ]
}
/** @type {Field} */
export const START_YEAR = { name: 'start_year', label: 'Year it started', type: 'year', optional: true, nullable: true, hint: 'For example, 2019', invalid: 'Enter the year it started as 4 numbers, like 2019' }
/** @type {Field} */
export const END_YEAR = { name: 'end_year', label: 'Year it ended', type: 'year', optional: true, nullable: true, hint: 'Leave this empty if it is still going on', invalid: 'Enter the year it ended as 4 numbers, like 2021' }
/** @type {Field} */
export const PLACE = { name: 'place', label: 'Town, city or area', type: 'text', optional: true, nullable: true, width: 'short' }
/** @type {Field} */
export const REGION = {
  name: 'region',
  label: 'Nation or region',
  type: 'text',
  optional: true,
  nullable: true,
  width: 'short',
  suggestions: ['England', 'Scotland', 'Wales', 'Northern Ireland', 'London', 'United Kingdom']
}
/** @type {Field} */
export const CONTRIBUTORS = {
  name: 'contributors',
  label: 'People who took part',
  type: 'repeat',
  optional: true,
  itemName: 'person',
  addLabel: 'Add another person',
  hint: 'The people who led or took part, and what they did.',
  fields: [
    { name: 'name', label: 'Name', type: 'text', missing: 'Enter the person’s name' },
    { name: 'organisation', label: 'Organisation', type: 'text', optional: true, nullable: true },
    { name: 'role', label: 'Role', type: 'text', optional: true, nullable: true, hint: 'For example: lead, researcher, community member' }
  ]
}
/** @type {Field} */
export const ORGANISATIONS = { name: 'organisations', label: 'Organisations involved', type: 'lines', optional: true, hint: 'Put each organisation on a new line.' }
/** @type {Field} */
export const PUBLICATIONS = {
  name: 'publications',
  label: 'Reports or articles about it',
  type: 'repeat',
  optional: true,
  itemName: 'report',
  addLabel: 'Add another report',
  fields: [
    { name: 'title', label: 'Title', type: 'text', missing: 'Enter the title of the report' },
    { name: 'url', label: 'Web address', type: 'url', optional: true, nullable: true, invalid: 'Enter a web address starting with https:// or http://' },
    { name: 'year', label: 'Year', type: 'year', optional: true, nullable: true, invalid: 'Enter the year as 4 numbers, like 2019' }
  ]
}
/** @type {Field} */
export const OUTCOMES = { name: 'outcomes', label: 'What changed because of it', type: 'textarea', rows: 5, optional: true }
/** @type {Field} */
export const FUNDING = { name: 'funding', label: 'Who paid for it', type: 'textarea', rows: 2, optional: true, nullable: true }

/** @type {Record<string, Field[]>} each kind's own fields, after the shared ones */
export const KIND_FIELDS = {
  resources: [
    { name: 'type', label: 'Type', type: 'text', optional: true, nullable: true, width: 'short', suggestions: ['report', 'video', 'app', 'toolkit', 'framework', 'article', 'website', 'guide', 'diagram'] },
    { name: 'authors', label: 'Written by', type: 'lines', optional: true, hint: 'Put each person or organisation on a new line.' },
    { name: 'publisher', label: 'Published by', type: 'text', optional: true, nullable: true },
    { name: 'year', label: 'Year', type: 'year', optional: true, nullable: true, invalid: 'Enter the year as 4 numbers, like 2019' },
    { name: 'url', label: 'Where to find it', type: 'url', optional: true, nullable: true, hint: 'A web address starting with https:// or http://', invalid: 'Enter a web address starting with https:// or http://' },
    { name: 'category', label: 'Topic', type: 'text', optional: true, nullable: true, hint: 'For example: Commissioning, or Measuring progress' },
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
    { name: 'network_type', label: 'Type of network', type: 'text', optional: true, nullable: true, width: 'short', suggestions: ['network', 'advisory group', 'support organisation', 'working group'] },
    { name: 'organisation', label: 'Hosted by', type: 'text', optional: true, nullable: true },
    REGION,
    { name: 'url', label: 'Website', type: 'url', optional: true, nullable: true, invalid: 'Enter a web address starting with https:// or http://' }
  ],
  'toolkit-sections': []
}
