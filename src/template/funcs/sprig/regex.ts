// Sprig's regex functions with Go RE2 semantics where they differ from JavaScript: the pattern is
// translated (leading (?i)(?s)(?m) flags, (?P<name>), \A \z, POSIX classes, \pL, \Q...\E, escaped
// punctuation), matches are iterated as Go's allMatches does (no empty match right after a match),
// and replacements expand $1, ${1}, $name exactly as Go's Regexp.Expand (where "$1x" names "1x").
// Each match is a step and its groups an allocation (../../budget.ts), charged as they are found.

import { ELEMENT_BYTES, spendBytes, spendSteps } from '../../budget.ts'
import { BYTEWISE, FuncError, type FuncDef } from '../registry.ts'
import { bytesOf, isGoString, type GoValue } from '../../value.ts'

const dec = new TextDecoder()
const text = (s: GoValue) => (typeof s === 'string' ? s : isGoString(s) ? dec.decode(bytesOf(s)) : String(s))

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
}

// Go's unicode.Categories: every other \p{Name} is a script (unicode.Scripts).
const GO_CATEGORIES = new Set('C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '))

const cache = new Map<string, RegExp>()
const bmpTwins = new Map<string, RegExp | null>()
const SURROGATE = /[\ud800-\udfff]/

/**
 * Go regexp syntax → a JavaScript RegExp, or a Go-like compile error. Unicode mode, unless the
 * subject makes it unnecessary: Go's RE2 runs in linear time, a JS RegExp backtracks, and V8 moves
 * a match that backtracks too much to its linear engine only outside unicode mode. For a subject
 * without surrogates (no character beyond U+FFFF), a pattern without `\p{...}`, case folding or
 * such characters matches exactly the same in both modes, so that twin is used (`^(a+)+$` over
 * forty `a`s and a `b`: milliseconds instead of days).
 */
export function compileGoRegexp(pattern: string, subject?: string): RegExp {
  if (subject !== undefined && !SURROGATE.test(subject)) {
    const twin = bmpTwin(pattern)
    if (twin) return new RegExp(twin.source, twin.flags)
  }
  const hit = cache.get(pattern)
  if (hit) return new RegExp(hit.source, hit.flags)
  let p = pattern
  let flags = 'gu'
  const lead = /^\(\?([imsU]+)\)/.exec(p)
  if (lead) {
    if (lead[1].includes('U')) throw new FuncError('regexp: Compile: ungreedy flag (?U) is not supported')
    for (const f of lead[1]) if (!flags.includes(f)) flags += f
    p = p.slice(lead[0].length)
  }
  let out = ''
  let inClass = false
  for (let i = 0; i < p.length; i++) {
    const c = p[i]
    if (c === '\\') {
      const n = p[i + 1]
      if (n === undefined) throw new FuncError('regexp: Compile: error parsing regexp: trailing backslash at end of expression')
      i++
      if (n === 'Q') {
        const end = p.indexOf('\\E', i + 1)
        const lit = end < 0 ? p.slice(i + 1) : p.slice(i + 1, end)
        out += lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
        i = end < 0 ? p.length : end + 1
        continue
      }
      if (n === 'A' && !inClass) out += '(?<![\\s\\S])'
      else if (n === 'z' && !inClass) out += '(?![\\s\\S])'
      else if ((n === 'p' || n === 'P') && p[i + 1] !== '{') {
        out += `\\${n}{${p[i + 1]}}`
        i++
      } else if ((n === 'p' || n === 'P') && p[i + 1] === '{') {
        // Go's \p{Greek} (a script), \p{Lu} (a category), \p{^Greek} (negated); JavaScript
        // spells scripts \p{Script=Greek}.
        const end = p.indexOf('}', i + 2)
        if (end < 0) throw new FuncError('regexp: Compile: error parsing regexp: invalid character class range')
        let name = p.slice(i + 2, end)
        let negated = n === 'P'
        if (name.startsWith('^')) {
          negated = !negated
          name = name.slice(1)
        }
        out += `\\${negated ? 'P' : 'p'}{${GO_CATEGORIES.has(name) || name === 'Any' ? name : `Script=${name}`}}`
        i = end
      } else if (/[A-Za-z0-9]/.test(n)) out += '\\' + n
      else if (/[\\^$.*+?()[\]{}|/]/.test(n) || (inClass && n === '-')) out += '\\' + n
      else out += n === '-' ? '\\x2d' : n
      continue
    }
    if (inClass) {
      if (c === '[' && p[i + 1] === ':') {
        const end = p.indexOf(':]', i + 2)
        if (end > 0) {
          const name = p.slice(i + 2, end)
          const neg = name.startsWith('^')
          const cls = POSIX[neg ? name.slice(1) : name]
          if (!cls) throw new FuncError('regexp: Compile: error parsing regexp: invalid character class range')
          if (neg) throw new FuncError('regexp: Compile: negated POSIX classes are not supported')
          out += cls
          i = end + 1
          continue
        }
      }
      if (c === ']') inClass = false
      out += c === '/' ? '\\/' : c
      continue
    }
    if (c === '[') {
      inClass = true
      out += c
      if (p[i + 1] === '^') {
        out += '^'
        i++
      }
      if (p[i + 1] === ']') {
        out += '\\]'
        i++
      }
      continue
    }
    if (c === '(' && p.startsWith('(?P<', i)) {
      out += '(?<'
      i += 3
      continue
    }
    if (c === '(' && p[i + 1] === '?' && /^\(\?[imsU-]+[:)]/.test(p.slice(i))) {
      throw new FuncError('regexp: Compile: inline flags inside a pattern are not supported')
    }
    out += c
  }
  let re: RegExp
  try {
    re = new RegExp(out, flags)
  } catch {
    throw new FuncError('regexp: Compile: error parsing regexp')
  }
  cache.set(pattern, re)
  return new RegExp(re.source, re.flags)
}

/** The pattern outside unicode mode, when that cannot change a match over a subject without surrogates; null otherwise. */
function bmpTwin(pattern: string): RegExp | null {
  let twin = bmpTwins.get(pattern)
  if (twin === undefined) {
    const re = compileGoRegexp(pattern)
    twin = null
    if (!re.flags.includes('i') && !/\\[pPu]\{|\\[pP]/.test(re.source) && !SURROGATE.test(re.source)) {
      try {
        twin = new RegExp(re.source, re.flags.replace('u', ''))
      } catch {
        twin = null
      }
    }
    if (bmpTwins.size > 1000) bmpTwins.clear()
    bmpTwins.set(pattern, twin)
  }
  return twin
}

interface Match {
  index: number
  end: number
  groups: (string | undefined)[]
  named: Record<string, string | undefined>
}

/** Go's allMatches: every match, but no empty match right after the previous match. */
function allMatches(re: RegExp, s: string, n: number): Match[] {
  const out: Match[] = []
  let prevEnd = -1
  for (const m of s.matchAll(re)) {
    if (n >= 0 && out.length >= n) break
    const end = m.index! + m[0].length
    if (m[0].length === 0 && m.index === prevEnd) continue
    // Two steps: a match and its copies of the groups take about a microsecond.
    spendSteps(2)
    spendBytes((m.length + 1) * ELEMENT_BYTES)
    out.push({ index: m.index!, end, groups: [...m], named: { ...(m.groups ?? {}) } })
    prevEnd = end
  }
  return out
}

/** Go's Regexp.Expand template syntax. */
function expand(template: string, m: Match): string {
  let out = ''
  for (let i = 0; i < template.length; i++) {
    const c = template[i]
    if (c !== '$') {
      out += c
      continue
    }
    const rest = template.slice(i + 1)
    if (rest.startsWith('$')) {
      out += '$'
      i++
      continue
    }
    let name: string | undefined
    let len = 0
    const braced = /^\{([A-Za-z0-9_]+)\}/.exec(rest)
    const bare = /^[A-Za-z0-9_]+/.exec(rest)
    if (braced) {
      name = braced[1]
      len = braced[0].length
    } else if (bare) {
      name = bare[0]
      len = bare[0].length
    }
    if (name === undefined) {
      out += '$'
      continue
    }
    i += len
    if (/^\d+$/.test(name)) {
      const idx = Number(name)
      out += idx < m.groups.length ? (m.groups[idx] ?? '') : ''
    } else out += m.named[name] ?? ''
  }
  return out
}

function replaceAll(re: RegExp, s: string, repl: (m: Match) => string): string {
  let out = ''
  let last = 0
  for (const m of allMatches(re, s, -1)) {
    const r = repl(m)
    spendBytes(m.index - last + r.length)
    out += s.slice(last, m.index) + r
    last = m.end
  }
  return out + s.slice(last)
}

function split(re: RegExp, s: string, n: number): string[] {
  if (n === 0) return []
  if (re.source !== '(?:)' && s === '') return ['']
  const matches = allMatches(re, s, n)
  const out: string[] = []
  let beg = 0
  let end = 0
  for (const m of matches) {
    if (n > 0 && out.length === n - 1) break
    end = m.index
    if (m.end !== 0) out.push(s.slice(beg, end))
    beg = m.end
  }
  if (end !== s.length) out.push(s.slice(beg))
  return out
}

const S = 'string' as const
const I = 'int' as const
const g = (s: GoValue) => text(s)

export const REGEX: FuncDef[] = [
  // Sprig's regexMatch ignores a compile error (regexp.MatchString) and answers false.
  {
    name: 'regexMatch',
    params: [S, S],
    fn: (_c, re, s) => {
      try {
        return compileGoRegexp(g(re), g(s)).test(g(s))
      } catch (e) {
        if (e instanceof FuncError) return false
        throw e
      }
    },
  },
  { name: 'regexFind', params: [S, S], fn: (_c, re, s) => allMatches(compileGoRegexp(g(re), g(s)), g(s), 1)[0]?.groups[0] ?? '' },
  { name: 'regexFindAll', params: [S, S, I], fn: (_c, re, s, n) => allMatches(compileGoRegexp(g(re), g(s)), g(s), Number(n)).map((m) => m.groups[0] ?? '') },
  { name: 'regexReplaceAll', params: [S, S, S], cost: BYTEWISE.medium, fn: (_c, re, s, r) => replaceAll(compileGoRegexp(g(re), g(s)), g(s), (m) => expand(g(r), m)) },
  { name: 'regexReplaceAllLiteral', params: [S, S, S], fn: (_c, re, s, r) => replaceAll(compileGoRegexp(g(re), g(s)), g(s), () => g(r)) },
  { name: 'regexSplit', params: [S, S, I], fn: (_c, re, s, n) => split(compileGoRegexp(g(re), g(s)), g(s), Number(n)) },
  { name: 'regexQuoteMeta', params: [S], fn: (_c, s) => g(s).replace(/[\\.+*?()|[\]{}^$]/g, '\\$&') },
  // mustRegexMatch reports a bad pattern instead of answering false.
  { name: 'mustRegexMatch', params: [S, S], fn: (_c, re, s) => compileGoRegexp(g(re), g(s)).test(g(s)) },
]
