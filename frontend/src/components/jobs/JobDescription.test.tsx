import { describe, expect, it } from 'vitest'
import { descriptionBlocks } from './JobDescription'

const TEXT = `Northwind Labs builds scheduling software.
It is used by small businesses.

Responsibilities

- Design and build REST APIs
- Write automated tests

About you:
- 3+ years of experience
• Clear written communication

Salary: 85.000 € – 105.000 € a year`

describe('descriptionBlocks', () => {
  it('turns bullet lines into lists, the short line before a list into its heading, and joins prose', () => {
    expect(descriptionBlocks(TEXT)).toEqual([
      { kind: 'paragraph', text: 'Northwind Labs builds scheduling software. It is used by small businesses.' },
      { kind: 'heading', text: 'Responsibilities' },
      { kind: 'list', items: ['Design and build REST APIs', 'Write automated tests'] },
      { kind: 'heading', text: 'About you' },
      { kind: 'list', items: ['3+ years of experience', 'Clear written communication'] },
      { kind: 'paragraph', text: 'Salary: 85.000 € – 105.000 € a year' },
    ])
  })

  it('keeps a hyphenated word or a sentence as prose', () => {
    expect(descriptionBlocks('Full-time role.\n-not a bullet')).toEqual([{ kind: 'paragraph', text: 'Full-time role. -not a bullet' }])
  })
})
