/** A posting's plain text as a reader expects it: paragraphs, short headings ("About you") and
 * bulleted lists, instead of raw "- " lines. */
export type Block = { kind: 'heading' | 'paragraph'; text: string } | { kind: 'list'; items: string[] }

const BULLET = /^\s*(?:[-*•·▪–]|\d{1,2}[.)])\s+/

export function descriptionBlocks(text: string): Block[] {
  const blocks: Block[] = []
  for (const chunk of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').map((l) => l.trim()).filter(Boolean)
    let prose: string[] = []
    const flush = () => {
      if (prose.length) blocks.push({ kind: 'paragraph', text: prose.join(' ') })
      prose = []
    }
    for (const line of lines) {
      if (BULLET.test(line)) {
        flush()
        const item = line.replace(BULLET, '')
        const last = blocks[blocks.length - 1]
        if (last?.kind === 'list') last.items.push(item)
        else blocks.push({ kind: 'list', items: [item] })
      } else {
        prose.push(line)
      }
    }
    flush()
  }
  // A short line on its own that ends without a full stop, before a list, is that list's heading.
  return blocks.map((b, i) =>
    b.kind === 'paragraph' && b.text.length <= 60 && !/[.!?]$/.test(b.text) && blocks[i + 1]?.kind === 'list'
      ? { kind: 'heading', text: b.text.replace(/:$/, '') }
      : b,
  )
}

export function JobDescription({ text }: { text: string }) {
  return (
    <div className="grid gap-3 text-sm leading-relaxed text-slate-700" data-testid="job-description">
      {descriptionBlocks(text).map((b, i) =>
        b.kind === 'list' ? (
          <ul key={i} className="list-disc space-y-1 pl-5">
            {b.items.map((item, j) => (
              <li key={j}>{item}</li>
            ))}
          </ul>
        ) : b.kind === 'heading' ? (
          <h3 key={i} className="-mb-1 font-semibold text-foreground">
            {b.text}
          </h3>
        ) : (
          <p key={i}>{b.text}</p>
        ),
      )}
    </div>
  )
}
