// How large a program RE2 compiles a pattern to, estimated from the text before anything is
// compiled: counted repetitions multiply what they repeat (`\w{1000}` is a thousand instructions),
// as in Go's calcSize. Go refuses a pattern over 3.3 million instructions and re2js over 1.4
// million, but re2js keeps about 230 bytes an instruction (Go 40) and compiles at about 0.7 µs
// each: 700 copies of `\w{1000}`, a 5.6 KB pattern, took 470 ms and 160 MiB. The estimate lets
// regexp.ts refuse such a pattern before compiling it, and keep large programs out of its cache.
//
// It is within a factor of two of re2js's count (test/go/regexp-size.test.ts): every atom is one
// instruction, a capturing group adds two, a `*`, `+`, `?` or `|` one, and `{n,m}` repeats what precedes it
// m times (n + 1 for `{n,}`), each copy past n with one more. A
// pattern Go's parser refuses is refused by re2js's parser, after this estimate has let it through.

/** The estimated number of instructions of `pattern`'s program. */
export function programSizeEstimate(pattern: string): number {
  const groups: number[] = [0]
  // Per open group: the instructions it adds around its content (a capture's two, none for `(?:`).
  const around: number[] = []
  // The size of what a quantifier right here would repeat: the last atom or group.
  let last = 0
  let i = 0
  const add = (n: number) => {
    groups[groups.length - 1] += n
  }
  while (i < pattern.length) {
    const c = pattern[i]
    if (c === '\\') {
      const e = pattern[i + 1]
      if (e === 'Q') {
        const end = pattern.indexOf('\\E', i + 2)
        const stop = end < 0 ? pattern.length : end
        add(stop - (i + 2))
        last = 1
        i = end < 0 ? pattern.length : end + 2
        continue
      }
      // \p{Greek}, \x{10FFFF}: up to the brace; anything else is two characters.
      i += (e === 'p' || e === 'P' || e === 'x') && pattern[i + 2] === '{' ? Math.max(pattern.indexOf('}', i) + 1 - i, 2) : 2
      add(1)
      last = 1
      continue
    }
    if (c === '[') {
      i = classEnd(pattern, i)
      add(1)
      last = 1
      continue
    }
    if (c === '(') {
      // `(?i)` sets flags and opens nothing; `(?i:`, `(?P<n>`, `(` open a group.
      const flagsOnly = /^\(\?[a-zA-Z-]*\)/.exec(pattern.slice(i, i + 16))
      if (flagsOnly) {
        i += flagsOnly[0].length
        continue
      }
      groups.push(0)
      around.push(/^\(\?[a-zA-Z-]*:/.test(pattern.slice(i, i + 16)) ? 0 : 2)
      last = 0
      i++
      continue
    }
    if (c === ')') {
      const inner = groups.length > 1 ? (groups.pop() as number) : 0
      last = inner + (around.pop() ?? 0)
      add(last)
      i++
      continue
    }
    if (c === '|' || c === '*' || c === '+' || c === '?') {
      add(1)
      if (c === '|') last = 0
      i++
      continue
    }
    if (c === '{') {
      const m = /^\{(\d{1,7})(,(\d{0,7}))?\}/.exec(pattern.slice(i, i + 20))
      if (m) {
        const min = Number(m[1])
        const max = m[2] === undefined ? min : m[3] === '' ? min + 1 : Number(m[3])
        const times = Math.max(min, max, 1)
        // The copies past min are optional: one more instruction each.
        add(last * (times - 1) + Math.max(times - min, 0) + 1)
        last = last * times + Math.max(times - min, 0)
        i += m[0].length
        continue
      }
    }
    add(1)
    last = 1
    i++
  }
  return groups.reduce((a, b) => a + b, 0)
}

/** The index just past a class that starts at `start` (its `[`), as Go reads one: `]` first is a member, `[:alpha:]` a POSIX class, `\` escapes. */
export function classEnd(pattern: string, start: number): number {
  let j = start + 1
  if (pattern[j] === '^') j++
  if (pattern[j] === ']') j++
  while (j < pattern.length && pattern[j] !== ']') {
    if (pattern[j] === '\\') j += 2
    else if (pattern.startsWith('[:', j) && pattern.indexOf(':]', j + 2) > 0) j = pattern.indexOf(':]', j + 2) + 2
    else j++
  }
  return j + 1
}
