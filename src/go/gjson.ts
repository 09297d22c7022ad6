// A port of tidwall/gjson v1.18.0 `Get` (the version ESO v2.9.0 pins) over JSON text, for ESO's `remoteRef.property`; knows nothing of Vault, ESO or Kubernetes.

// Ported function by function from gjson.go so quirks match byte for byte (first match wins, `#(...)#`
// with no match is `[]`, a String result can be piped into, ...). Deliberate differences: Result
// indexes are not tracked (ESO never reads them) and `@pretty` is not implemented (falls back to a
// key named "@pretty", as gjson does for unknown modifiers). The text is a JS string: every
// character gjson inspects is ASCII, so UTF-16 offsets behave as Go's byte offsets; where gjson
// compares strings (query `<`, `>`) we compare UTF-8 bytes as Go does.

import { encodeString, unescapeChar } from './json.ts'
import { formatFloat, parseGoFloat } from './strconv.ts'

export type GjsonType = 'Null' | 'False' | 'Number' | 'String' | 'True' | 'JSON'

/** gjson.Result: `raw` is the JSON text (quoted for strings), `strValue` Go's Result.Str. */
export class GjsonResult {
  type: GjsonType = 'Null'
  raw = ''
  strValue = ''
  num = 0

  /** gjson's Result.Exists(). */
  exists(): boolean {
    return this.type !== 'Null' || this.raw.length !== 0
  }

  /** gjson's Result.String(): integers keep their literal, other numbers go through float64. */
  str(): string {
    switch (this.type) {
      case 'False':
        return 'false'
      case 'True':
        return 'true'
      case 'String':
        return this.strValue
      case 'JSON':
        return this.raw
      case 'Number': {
        const raw = this.raw
        // A calculated result (empty Raw) and any raw with a non-digit (fraction, exponent, `+`)
        // print via strconv.FormatFloat(t.Num, 'f', -1, 64).
        if (raw.length === 0) return formatFloat(this.num, 'f', -1)
        for (let i = raw[0] === '-' ? 1 : 0; i < raw.length; i++) {
          const c = raw.charCodeAt(i)
          if (c < 48 || c > 57) return formatFloat(this.num, 'f', -1)
        }
        return raw
      }
      default:
        return ''
    }
  }
}

function result(type: GjsonType, raw: string, strValue = '', num = 0): GjsonResult {
  const r = new GjsonResult()
  r.type = type
  r.raw = raw
  r.strValue = strValue
  r.num = num
  return r
}

/** gjson.Get: undefined when the result does not exist (gjson's `!Exists()`). */
export function getGjson(json: string, path: string): GjsonResult | undefined {
  const r = get(json, path)
  return r.exists() ? r : undefined
}

interface Ctx {
  json: string
  value: GjsonResult
  pipe: string
  piped: boolean
}

function get(json: string, path: string): GjsonResult {
  if (path.length > 1) {
    if (path[0] === '@' || path[0] === '!') {
      const [npath, rjson, ok] = path[0] === '@' ? execModifier(json, path) : execStatic(path)
      if (ok) {
        if (npath.length > 0 && (npath[0] === '|' || npath[0] === '.')) return get(rjson, npath.slice(1))
        return parse(rjson)
      }
    }
    if (path[0] === '[' || path[0] === '{') {
      const kind = path[0]
      const sub = parseSubSelectors(path)
      if (sub) {
        const rest = sub.out
        if (rest.length === 0 || rest[0] === '|' || rest[0] === '.') {
          let b = kind
          let i = 0
          for (const sel of sub.sels) {
            const res = get(json, sel.path)
            if (!res.exists()) continue
            if (i > 0) b += ','
            if (kind === '{') {
              if (sel.name.length > 0) b += sel.name[0] === '"' && valid(sel.name) ? sel.name : encodeString(sel.name)
              else {
                const last = nameOfLast(sel.path)
                b += encodeString(isSimpleName(last) ? last : '_')
              }
              b += ':'
            }
            let raw = res.raw
            if (raw.length === 0) {
              raw = res.str()
              if (raw.length === 0) raw = 'null'
            }
            b += raw
            i++
          }
          b += kind === '{' ? '}' : ']'
          const res = result('JSON', b)
          return rest.length > 0 ? get(res.raw, rest.slice(1)) : res
        }
      }
    }
  }
  const c: Ctx = { json, value: new GjsonResult(), pipe: '', piped: false }
  if (path.length >= 2 && path[0] === '.' && path[1] === '.') {
    // JSON Lines: the document is treated as an array without brackets.
    parseArray(c, 0, path.slice(2))
  } else {
    for (let i = 0; i < json.length; i++) {
      if (json[i] === '{') {
        parseObject(c, i + 1, path)
        break
      }
      if (json[i] === '[') {
        parseArray(c, i + 1, path)
        break
      }
    }
  }
  if (c.piped) return get(c.value.raw, c.pipe)
  return c.value
}

// --- scalars -----------------------------------------------------------------------------------

/** gjson.Parse: the first value in the text, objects/arrays taking the whole remaining raw. */
function parse(json: string): GjsonResult {
  for (let i = 0; i < json.length; i++) {
    const ch = json[i]
    if (ch === '{' || ch === '[') return result('JSON', json.slice(i))
    if (json.charCodeAt(i) <= 32) continue
    switch (ch) {
      case '+':
      case '-':
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
      case 'i':
      case 'I':
      case 'N':
        return tonum(json.slice(i))
      case 'n':
        if (i + 1 < json.length && json[i + 1] !== 'u') return tonum(json.slice(i))
        return result('Null', tolit(json.slice(i)))
      case 't':
        return result('True', tolit(json.slice(i)))
      case 'f':
        return result('False', tolit(json.slice(i)))
      case '"': {
        const [raw, str] = tostr(json.slice(i))
        return result('String', raw, str)
      }
      default:
        return new GjsonResult()
    }
  }
  return new GjsonResult()
}

function tonum(json: string): GjsonResult {
  for (let i = 1; i < json.length; i++) {
    const c = json.charCodeAt(i)
    if (c <= 45 /* '-' */) {
      if (c <= 32 || c === 44) return numberResult(json.slice(0, i))
    } else if (c === 93 || c === 125) {
      return numberResult(json.slice(0, i))
    }
  }
  return numberResult(json)
}

function numberResult(raw: string): GjsonResult {
  return result('Number', raw, '', parseGoFloat(raw))
}

function tolit(json: string): string {
  for (let i = 1; i < json.length; i++) {
    const c = json.charCodeAt(i)
    if (c < 97 || c > 122) return json.slice(0, i)
  }
  return json
}

/** Number of backslashes directly before position i (stopping after index `floor`). */
function escapedQuote(json: string, i: number, floor: number): boolean {
  if (json.charCodeAt(i - 1) !== 92) return false
  let n = 0
  for (let j = i - 2; j > floor; j--) {
    if (json.charCodeAt(j) !== 92) break
    n++
  }
  // An even count of further backslashes means the quote itself is escaped.
  return n % 2 === 0
}

function tostr(json: string): [string, string] {
  for (let i = 1; i < json.length; i++) {
    const c = json.charCodeAt(i)
    if (c > 92) continue
    if (c === 34) return [json.slice(0, i + 1), json.slice(1, i)]
    if (c === 92) {
      i++
      for (; i < json.length; i++) {
        const d = json.charCodeAt(i)
        if (d > 92) continue
        if (d === 34) {
          if (escapedQuote(json, i, 0)) continue
          return [json.slice(0, i + 1), unescape(json.slice(1, i))]
        }
      }
      const raw = i + 1 < json.length ? json.slice(0, i + 1) : json.slice(0, i)
      return [raw, unescape(json.slice(1, i))]
    }
  }
  return [json, json.slice(1)]
}

/** parseString: i is just after the opening quote; returns [next, raw (quoted), escaped, ok]. */
function parseString(json: string, i: number): [number, string, boolean, boolean] {
  const s = i
  for (; i < json.length; i++) {
    const c = json.charCodeAt(i)
    if (c > 92) continue
    if (c === 34) return [i + 1, json.slice(s - 1, i + 1), false, true]
    if (c === 92) {
      i++
      for (; i < json.length; i++) {
        const d = json.charCodeAt(i)
        if (d > 92) continue
        if (d === 34) {
          if (escapedQuote(json, i, 0)) continue
          return [i + 1, json.slice(s - 1, i + 1), true, true]
        }
      }
      break
    }
  }
  return [i, json.slice(s - 1), false, false]
}

function parseNumber(json: string, i: number): [number, string] {
  const s = i
  i++
  for (; i < json.length; i++) {
    const c = json.charCodeAt(i)
    if (c <= 32 || c === 44 || c === 93 || c === 125) return [i, json.slice(s, i)]
  }
  return [i, json.slice(s)]
}

function parseLiteral(json: string, i: number): [number, string] {
  const s = i
  i++
  for (; i < json.length; i++) {
    const c = json.charCodeAt(i)
    if (c < 97 || c > 122) return [i, json.slice(s, i)]
  }
  return [i, json.slice(s)]
}

/** parseSquash: i is at the opening `{`/`[`/`(`; returns the balanced raw (parens count too). */
function parseSquash(json: string, i: number): [number, string] {
  const s = i
  i++
  let depth = 1
  while (i < json.length) {
    const c = json[i]
    if (c === '"') {
      i++
      const s2 = i
      while (i < json.length) {
        if (json[i] !== '"' || escapedQuote(json, i, s2 - 1)) {
          i++
          continue
        }
        break
      }
    } else if (c === '{' || c === '[' || c === '(') {
      depth++
    } else if (c === '}' || c === ']' || c === ')') {
      depth--
      if (depth === 0) return [i + 1, json.slice(s, i + 1)]
    }
    i++
  }
  return [i, json.slice(s)]
}

/** squash: like parseSquash on a prefix, also accepting a string. */
function squash(json: string): string {
  let i = 0
  let depth = 0
  if (json[0] !== '"') {
    i = 1
    depth = 1
  }
  for (; i < json.length; i++) {
    const c = json[i]
    if (c === '"') {
      i++
      const s2 = i
      for (; i < json.length; i++) {
        if (json.charCodeAt(i) > 92) continue
        if (json[i] === '"') {
          if (escapedQuote(json, i, s2 - 1)) continue
          break
        }
      }
      if (depth === 0) return i >= json.length ? json : json.slice(0, i + 1)
    } else if (c === '{' || c === '[' || c === '(') {
      depth++
    } else if (c === '}' || c === ']' || c === ')') {
      depth--
      if (depth === 0) return json.slice(0, i + 1)
    }
  }
  return json
}

function parseAny(json: string, i: number): [number, GjsonResult, boolean] {
  for (; i < json.length; i++) {
    const ch = json[i]
    if (ch === '{' || ch === '[') {
      const [ni, val] = parseSquash(json, i)
      return [ni, result('JSON', val), true]
    }
    if (json.charCodeAt(i) <= 32) continue
    let num = false
    switch (ch) {
      case '"': {
        const [ni, val, vesc, ok] = parseString(json, i + 1)
        if (!ok) return [ni, new GjsonResult(), false]
        const inner = val.slice(1, -1)
        return [ni, result('String', val, vesc ? unescape(inner) : inner), true]
      }
      case 'n':
      case 't':
      case 'f': {
        if (ch === 'n' && i + 1 < json.length && json[i + 1] !== 'u') {
          num = true // `nan`
          break
        }
        const [ni, val] = parseLiteral(json, i)
        return [ni, result(ch === 't' ? 'True' : ch === 'f' ? 'False' : 'Null', val), true]
      }
      case '+':
      case '-':
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
      case 'i':
      case 'I':
      case 'N':
        num = true
        break
    }
    if (num) {
      const [ni, val] = parseNumber(json, i)
      return [ni, numberResult(val), true]
    }
    // gjson's loop continues past any other character (its `hit` path does not return here).
  }
  return [i, new GjsonResult(), false]
}

/**
 * gjson's unescape: stops at a control character or a bad escape; lone surrogates become U+FFFD
 * (and, unlike encoding/json, a surrogate takes the next \\u escape along even when they do not pair).
 */
function unescape(json: string): string {
  let out = ''
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i)
    if (c < 32) return out
    if (c !== 92) {
      out += json[i]
      continue
    }
    i++
    if (i >= json.length) return out
    const simple = unescapeChar(json[i])
    if (simple !== undefined) {
      out += simple
      continue
    }
    if (json[i] !== 'u') return out
    if (i + 5 > json.length) return out
    let r = runeit(json.slice(i + 1))
    i += 5
    if (r >= 0xd800 && r < 0xe000) {
      // utf16.DecodeRune: a valid pair combines, anything else is U+FFFD.
      if (json.length - i >= 6 && json[i] === '\\' && json[i + 1] === 'u') {
        const r2 = runeit(json.slice(i + 2))
        r = r < 0xdc00 && r2 >= 0xdc00 && r2 < 0xe000 ? ((r - 0xd800) << 10) + (r2 - 0xdc00) + 0x10000 : 0xfffd
        i += 6
      } else {
        r = 0xfffd
      }
    }
    out += String.fromCodePoint(r)
    i--
  }
  return out
}

function runeit(s: string): number {
  // strconv.ParseUint(json[:4], 16, 64) with the error ignored: invalid hex gives 0.
  const hex = s.slice(0, 4)
  return /^[0-9a-fA-F]{4}$/.test(hex) ? parseInt(hex, 16) : 0
}

// --- paths -------------------------------------------------------------------------------------

interface ObjectPath {
  part: string
  path: string
  pipe: string
  piped: boolean
  wild: boolean
  more: boolean
}

function isDotPiperChar(s: string): boolean {
  const c = s[0]
  if (c === '@') {
    // Only a known modifier after the dot starts a pipe.
    let i = 1
    for (; i < s.length; i++) if (s[i] === '.' || s[i] === '|' || s[i] === ':') break
    return MODIFIERS.has(s.slice(1, i))
  }
  return c === '[' || c === '{'
}

function parseObjectPath(path: string): ObjectPath {
  const r: ObjectPath = { part: '', path: '', pipe: '', piped: false, wild: false, more: false }
  const split = (i: number) => {
    if (i < path.length - 1 && isDotPiperChar(path.slice(i + 1))) {
      r.pipe = path.slice(i + 1)
      r.piped = true
    } else {
      r.path = path.slice(i + 1)
      r.more = true
    }
  }
  for (let i = 0; i < path.length; i++) {
    const c = path[i]
    if (c === '|') {
      r.part = path.slice(0, i)
      r.pipe = path.slice(i + 1)
      r.piped = true
      return r
    }
    if (c === '.') {
      r.part = path.slice(0, i)
      split(i)
      return r
    }
    if (c === '*' || c === '?') {
      r.wild = true
      continue
    }
    if (c === '\\') {
      // Escape mode: the part is rebuilt without the backslashes.
      let epart = path.slice(0, i)
      i++
      if (i < path.length) {
        epart += path[i]
        i++
        for (; i < path.length; i++) {
          const d = path[i]
          if (d === '\\') {
            i++
            if (i < path.length) epart += path[i]
            continue
          } else if (d === '.') {
            r.part = epart
            split(i)
            return r
          } else if (d === '|') {
            r.part = epart
            r.pipe = path.slice(i + 1)
            r.piped = true
            return r
          } else if (d === '*' || d === '?') {
            r.wild = true
          }
          epart += d
        }
      }
      r.part = epart
      return r
    }
  }
  r.part = path
  return r
}

interface ArrayPath {
  part: string
  path: string
  pipe: string
  piped: boolean
  more: boolean
  alogok: boolean
  arrch: boolean
  alogkey: string
  query: { on: boolean; all: boolean; path: string; op: string; value: string }
}

function parseArrayPath(path: string): ArrayPath {
  const r: ArrayPath = {
    part: '',
    path: '',
    pipe: '',
    piped: false,
    more: false,
    alogok: false,
    arrch: false,
    alogkey: '',
    query: { on: false, all: false, path: '', op: '', value: '' },
  }
  for (let i = 0; i < path.length; i++) {
    const c = path[i]
    if (c === '|') {
      r.part = path.slice(0, i)
      r.pipe = path.slice(i + 1)
      r.piped = true
      return r
    }
    if (c === '.') {
      r.part = path.slice(0, i)
      if (!r.arrch && i < path.length - 1 && isDotPiperChar(path.slice(i + 1))) {
        r.pipe = path.slice(i + 1)
        r.piped = true
      } else {
        r.path = path.slice(i + 1)
        r.more = true
      }
      return r
    }
    if (c === '#') {
      r.arrch = true
      if (i === 0 && path.length > 1) {
        if (path[1] === '.') {
          r.alogok = true
          r.alogkey = path.slice(2)
          r.path = path.slice(0, 1)
        } else if (path[1] === '[' || path[1] === '(') {
          r.query.on = true
          const q = parseQuery(path.slice(i))
          if (!q) break // a bad query ends the path here
          let value = q.value
          if (value.length >= 2 && value[0] === '"' && value[value.length - 1] === '"') {
            value = value.slice(1, -1)
            if (q.vesc) value = unescape(value)
          }
          r.query.path = q.path
          r.query.op = q.op
          r.query.value = value
          i = q.i - 1
          if (i + 1 < path.length && path[i + 1] === '#') r.query.all = true
        }
      }
    }
  }
  r.part = path
  r.path = ''
  return r
}

function parseQuery(query: string): { path: string; op: string; value: string; i: number; vesc: boolean } | undefined {
  if (query.length < 2 || query[0] !== '#' || (query[1] !== '(' && query[1] !== '[')) return undefined
  let i = 2
  let j = 0
  let depth = 1
  let vesc = false
  for (; i < query.length; i++) {
    const c = query[i]
    if (depth === 1 && j === 0 && (c === '!' || c === '=' || c === '<' || c === '>' || c === '%')) {
      j = i
      continue
    }
    if (c === '\\') i++
    else if (c === '[' || c === '(') depth++
    else if (c === ']' || c === ')') {
      depth--
      if (depth === 0) break
    } else if (c === '"') {
      i++
      for (; i < query.length; i++) {
        if (query[i] === '\\') {
          vesc = true
          i++
        } else if (query[i] === '"') break
      }
    }
  }
  if (depth > 0) return undefined
  let path: string
  let op = ''
  let value = ''
  if (j > 0) {
    path = trim(query.slice(2, j))
    value = trim(query.slice(j, i))
    let opsz = 0
    if (value.length === 1) opsz = 1
    else if (value[0] === '!' && value[1] === '=') opsz = 2
    else if (value[0] === '!' && value[1] === '%') opsz = 2
    else if (value[0] === '<' && value[1] === '=') opsz = 2
    else if (value[0] === '>' && value[1] === '=') opsz = 2
    else if (value[0] === '=' && value[1] === '=') {
      value = value.slice(1)
      opsz = 1
    } else if (value[0] === '<' || value[0] === '>' || value[0] === '=' || value[0] === '%') opsz = 1
    op = value.slice(0, opsz)
    value = trim(value.slice(opsz))
  } else {
    path = trim(query.slice(2, i))
  }
  return { path, op, value, i: i + 1, vesc }
}

function trim(s: string): string {
  let a = 0
  let b = s.length
  while (a < b && s.charCodeAt(a) <= 32) a++
  while (b > a && s.charCodeAt(b - 1) <= 32) b--
  return s.slice(a, b)
}

function splitPossiblePipe(path: string): [string, string] | undefined {
  if (!path.includes('|')) return undefined
  if (path.length > 0 && path[0] === '{') {
    const squashed = squash(path.slice(1))
    if (squashed.length < path.length - 1) {
      const left = path.slice(0, squashed.length + 1)
      const remain = path.slice(left.length)
      if (remain[0] === '|') return [left, remain.slice(1)]
    }
    return undefined
  }
  for (let i = 0; i < path.length; i++) {
    const c = path[i]
    if (c === '\\') i++
    else if (c === '.') {
      if (i === path.length - 1) return undefined
      if (path[i + 1] === '#') {
        i += 2
        if (i === path.length) return undefined
        if (path[i] === '[' || path[i] === '(') {
          const start = path[i]
          const end = start === '[' ? ']' : ')'
          i++
          let depth = 1
          for (; i < path.length; i++) {
            if (path[i] === '\\') i++
            else if (path[i] === start) depth++
            else if (path[i] === end) {
              depth--
              if (depth === 0) break
            } else if (path[i] === '"') {
              i++
              for (; i < path.length; i++) {
                if (path[i] === '\\') i++
                else if (path[i] === '"') break
              }
            }
          }
        }
      }
    } else if (c === '|') return [path.slice(0, i), path.slice(i + 1)]
  }
  return undefined
}

// --- object / array walkers ---------------------------------------------------------------------

function parseObject(c: Ctx, i: number, path: string): [number, boolean] {
  const json = c.json
  const n = json.length
  let pmatch = false
  let kesc = false
  let ok = false
  let hit = false
  let key = ''
  const rp = parseObjectPath(path)
  if (!rp.more && rp.piped) {
    c.pipe = rp.pipe
    c.piped = true
  }
  while (i < n) {
    keyScan: for (; i < n; i++) {
      if (json[i] === '"') {
        i++
        const s = i
        for (; i < n; i++) {
          const ch = json.charCodeAt(i)
          if (ch > 92) continue
          if (ch === 34) {
            key = json.slice(s, i)
            i++
            kesc = false
            ok = true
            break keyScan
          }
          if (ch === 92) {
            i++
            for (; i < n; i++) {
              const d = json.charCodeAt(i)
              if (d > 92) continue
              if (d === 34) {
                if (escapedQuote(json, i, 0)) continue
                key = json.slice(s, i)
                i++
                kesc = true
                ok = true
                break keyScan
              }
            }
            break
          }
        }
        key = json.slice(s)
        kesc = false
        ok = false
        break
      }
      if (json[i] === '}') return [i + 1, false]
    }
    if (!ok) return [i, false]
    const k = kesc ? unescape(key) : key
    pmatch = rp.wild ? matchLimit(k, rp.part) : rp.part === k
    hit = pmatch && !rp.more
    for (; i < n; i++) {
      let num = false
      const ch = json[i]
      if (ch === '"') {
        const [ni, val, vesc, sok] = parseString(json, i + 1)
        i = ni
        if (!sok) return [i, false]
        if (hit) {
          const inner = val.slice(1, -1)
          c.value = result('String', val, vesc ? unescape(inner) : inner)
          return [i, true]
        }
      } else if (ch === '{' || ch === '[') {
        if (pmatch && !hit) {
          const [ni, h] = ch === '{' ? parseObject(c, i + 1, rp.path) : parseArray(c, i + 1, rp.path)
          i = ni
          hit = h
          if (hit) return [i, true]
        } else {
          const [ni, val] = parseSquash(json, i)
          i = ni
          if (hit) {
            c.value = result('JSON', val)
            return [i, true]
          }
        }
      } else if (ch === 'n' && i + 1 < n && json[i + 1] !== 'u') {
        num = true
      } else if (ch === 'n' || ch === 't' || ch === 'f') {
        const [ni, val] = parseLiteral(json, i)
        i = ni
        if (hit) {
          c.value = result(ch === 't' ? 'True' : ch === 'f' ? 'False' : c.value.type, val)
          return [i, true]
        }
      } else if (isNumStart(ch)) {
        num = true
      } else {
        continue
      }
      if (num) {
        const [ni, val] = parseNumber(json, i)
        i = ni
        if (hit) {
          c.value = numberResult(val)
          return [i, true]
        }
      }
      break
    }
  }
  return [i, false]
}

function isNumStart(ch: string): boolean {
  return (ch >= '0' && ch <= '9') || ch === '+' || ch === '-' || ch === 'i' || ch === 'I' || ch === 'N'
}

function parseArray(c: Ctx, i: number, path: string): [number, boolean] {
  const json = c.json
  const n = json.length
  let pmatch = false
  let hit = false
  let h = 0
  const alog: number[] = []
  let partidx = 0
  let multires = ''
  const rp = parseArrayPath(path)
  if (!rp.arrch) partidx = /^[0-9]+$/.test(rp.part) ? Number(rp.part) : -1
  if (!rp.more && rp.piped) {
    c.pipe = rp.pipe
    c.piped = true
  }

  const procQuery = (qval: GjsonResult): boolean => {
    if (rp.query.all && multires.length === 0) multires = '['
    let res: GjsonResult
    if (qval.type === 'JSON') {
      res = get(qval.raw, rp.query.path)
    } else {
      if (rp.query.path !== '') return false
      res = qval
    }
    if (!queryMatches(rp, res)) return false
    if (rp.more) {
      const split = splitPossiblePipe(rp.path)
      if (split) {
        rp.path = split[0]
        c.pipe = split[1]
        c.piped = true
      }
      res = get(qval.raw, rp.path)
    } else {
      res = qval
    }
    if (rp.query.all) {
      let raw = res.raw
      if (raw.length === 0) raw = res.str()
      if (raw !== '') {
        if (multires.length > 1) multires += ','
        multires += raw
      }
      return false
    }
    c.value = res
    return true
  }

  while (i < n + 1) {
    if (!rp.arrch) {
      pmatch = partidx === h
      hit = pmatch && !rp.more
    }
    h++
    if (rp.alogok) alog.push(i)
    for (; ; i++) {
      if (i > n) break
      const ch = i === n ? ']' : json[i]
      let num = false
      if (ch === '"') {
        const [ni, val, vesc, ok] = parseString(json, i + 1)
        i = ni
        if (!ok) return [i, false]
        const inner = val.slice(1, -1)
        const sval = result('String', val, vesc ? unescape(inner) : inner)
        if (rp.query.on) {
          if (procQuery(sval)) return [i, true]
        } else if (hit && !rp.alogok) {
          c.value = sval
          return [i, true]
        }
      } else if (ch === '{' || ch === '[') {
        if (pmatch && !hit) {
          const [ni, hh] = ch === '{' ? parseObject(c, i + 1, rp.path) : parseArray(c, i + 1, rp.path)
          i = ni
          hit = hh
          if (hit && !rp.alogok) return [i, true]
        } else {
          const [ni, val] = parseSquash(json, i)
          i = ni
          if (rp.query.on) {
            if (procQuery(result('JSON', val))) return [i, true]
          } else if (hit && !rp.alogok) {
            c.value = result('JSON', val)
            return [i, true]
          }
        }
      } else if (ch === 'n' && i + 1 < n && json[i + 1] !== 'u') {
        num = true
      } else if (ch === 'n' || ch === 't' || ch === 'f') {
        const [ni, val] = parseLiteral(json, i)
        i = ni
        const lit = result(ch === 't' ? 'True' : ch === 'f' ? 'False' : 'Null', val)
        if (rp.query.on) {
          if (procQuery(lit)) return [i, true]
        } else if (hit && !rp.alogok) {
          c.value = result(ch === 't' ? 'True' : ch === 'f' ? 'False' : c.value.type, val)
          return [i, true]
        }
      } else if (isNumStart(ch)) {
        num = true
      } else if (ch === ']') {
        if (rp.arrch && rp.part === '#') {
          if (rp.alogok) {
            const split = splitPossiblePipe(rp.alogkey)
            if (split) {
              rp.alogkey = split[0]
              c.pipe = split[1]
              c.piped = true
            }
            let jsons = '['
            let k = 0
            for (const start of alog) {
              let idx = start
              while (idx < n && (json[idx] === ' ' || json[idx] === '\t' || json[idx] === '\r' || json[idx] === '\n')) idx++
              if (idx < n && json[idx] !== ']') {
                const [, el, ok] = parseAny(json, idx)
                if (ok) {
                  const res = get(el.raw, rp.alogkey)
                  if (res.exists()) {
                    if (k > 0) jsons += ','
                    let raw = res.raw
                    if (raw.length === 0) raw = res.str()
                    jsons += raw
                    k++
                  }
                }
              }
            }
            c.value = result('JSON', jsons + ']')
            return [i + 1, true]
          }
          c.value = result('Number', String(h - 1), '', h - 1)
          return [i + 1, true]
        }
        if (!c.value.exists()) {
          if (multires.length > 0) c.value = result('JSON', multires + ']')
          else if (rp.query.all) c.value = result('JSON', '[]')
        }
        return [i + 1, false]
      } else {
        continue
      }
      if (num) {
        const [ni, val] = parseNumber(json, i)
        i = ni
        const nval = numberResult(val)
        if (rp.query.on) {
          if (procQuery(nval)) return [i, true]
        } else if (hit && !rp.alogok) {
          c.value = nval
          return [i, true]
        }
      }
      break
    }
  }
  return [i, false]
}

// --- queries -----------------------------------------------------------------------------------

function parseBoolLoose(s: string): boolean | undefined {
  // strconv.ParseBool after strings.ToLower.
  switch (s.toLowerCase()) {
    case '1':
    case 't':
    case 'true':
      return true
    case '0':
    case 'f':
    case 'false':
      return false
    default:
      return undefined
  }
}

function queryMatches(rp: ArrayPath, value: GjsonResult): boolean {
  let rpv = rp.query.value
  if (rpv.length > 0 && rpv[0] === '~') {
    rpv = rpv.slice(1)
    let ish: boolean | undefined
    switch (rpv) {
      case '*':
        ish = value.exists()
        break
      case 'null':
        ish = value.type === 'Null'
        break
      case 'true':
        ish = value.type === 'True' || (value.type === 'String' && parseBoolLoose(value.strValue) === true) || (value.type === 'Number' && value.num !== 0)
        break
      case 'false':
        ish = value.type === 'Null' || value.type === 'False' || (value.type === 'String' && parseBoolLoose(value.strValue) === false) || (value.type === 'Number' && value.num === 0)
        break
    }
    if (ish !== undefined) {
      rpv = 'true'
      value = result(ish ? 'True' : 'False', '')
    } else {
      rpv = ''
      value = new GjsonResult()
    }
  }
  if (!value.exists()) return false
  const op = rp.query.op
  if (op === '') return true
  switch (value.type) {
    case 'String': {
      const cmp = compareGoStrings(value.strValue, rpv)
      switch (op) {
        case '=':
          return cmp === 0
        case '!=':
          return cmp !== 0
        case '<':
          return cmp < 0
        case '<=':
          return cmp <= 0
        case '>':
          return cmp > 0
        case '>=':
          return cmp >= 0
        case '%':
          return matchLimit(value.strValue, rpv)
        case '!%':
          return !matchLimit(value.strValue, rpv)
      }
      return false
    }
    case 'Number': {
      const rpvn = parseGoFloat(rpv)
      switch (op) {
        case '=':
          return value.num === rpvn
        case '!=':
          return value.num !== rpvn
        case '<':
          return value.num < rpvn
        case '<=':
          return value.num <= rpvn
        case '>':
          return value.num > rpvn
        case '>=':
          return value.num >= rpvn
      }
      return false
    }
    case 'True':
      switch (op) {
        case '=':
          return rpv === 'true'
        case '!=':
          return rpv !== 'true'
        case '>':
          return rpv === 'false'
        case '>=':
          return true
      }
      return false
    case 'False':
      switch (op) {
        case '=':
          return rpv === 'false'
        case '!=':
          return rpv !== 'false'
        case '<':
          return rpv === 'true'
        case '<=':
          return true
      }
      return false
  }
  return false
}

/** Go compares strings bytewise (UTF-8), not by UTF-16 code unit. */
function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0
  const x = utf8Encoder.encode(a)
  const y = utf8Encoder.encode(b)
  const n = Math.min(x.length, y.length)
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i]
  return x.length - y.length
}
const utf8Encoder = new TextEncoder()

/** tidwall/match: `*` any run, `?` one rune, `\\` escapes the next rune (iterative, no ReDoS). */
export function matchLimit(str: string, pattern: string): boolean {
  const s = Array.from(str)
  const p: { t: '*' | '?' | 'c'; ch: string }[] = []
  const pr = Array.from(pattern)
  for (let i = 0; i < pr.length; i++) {
    if (pr[i] === '*') p.push({ t: '*', ch: '' })
    else if (pr[i] === '?') p.push({ t: '?', ch: '' })
    else if (pr[i] === '\\' && i + 1 < pr.length) p.push({ t: 'c', ch: pr[++i] })
    else p.push({ t: 'c', ch: pr[i] })
  }
  let si = 0
  let pi = 0
  let starP = -1
  let starS = 0
  while (si < s.length) {
    if (pi < p.length && (p[pi].t === '?' || (p[pi].t === 'c' && p[pi].ch === s[si]))) {
      si++
      pi++
    } else if (pi < p.length && p[pi].t === '*') {
      starP = pi++
      starS = si
    } else if (starP >= 0) {
      pi = starP + 1
      si = ++starS
    } else {
      return false
    }
  }
  while (pi < p.length && p[pi].t === '*') pi++
  return pi === p.length
}

// --- multipaths, statics, modifiers ------------------------------------------------------------

function parseSubSelectors(path: string): { sels: { name: string; path: string }[]; out: string } | undefined {
  const sels: { name: string; path: string }[] = []
  let modifier = 0
  let depth = 1
  let colon = 0
  let start = 1
  let i = 1
  const pushSel = () => {
    if (colon === 0) sels.push({ name: '', path: path.slice(start, i) })
    else sels.push({ name: path.slice(start, colon), path: path.slice(colon + 1, i) })
    colon = 0
    modifier = 0
    start = i + 1
  }
  for (; i < path.length; i++) {
    const c = path[i]
    switch (c) {
      case '\\':
        i++
        break
      case '@':
        if (modifier === 0 && i > 0 && (path[i - 1] === '.' || path[i - 1] === '|')) modifier = i
        break
      case ':':
        if (modifier === 0 && colon === 0 && depth === 1) colon = i
        break
      case ',':
        if (depth === 1) pushSel()
        break
      case '"':
        i++
        for (; i < path.length; i++) {
          if (path[i] === '\\') i++
          else if (path[i] === '"') break
        }
        break
      case '[':
      case '(':
      case '{':
        depth++
        break
      case ']':
      case ')':
      case '}':
        depth--
        if (depth === 0) {
          pushSel()
          return { sels, out: path.slice(i + 1) }
        }
        break
    }
  }
  return undefined
}

function nameOfLast(path: string): string {
  for (let i = path.length - 1; i >= 0; i--) {
    if (path[i] === '|' || path[i] === '.') {
      if (i > 0 && path[i - 1] === '\\') continue
      return path.slice(i + 1)
    }
  }
  return path
}

function isSimpleName(component: string): boolean {
  for (let i = 0; i < component.length; i++) {
    if (component.charCodeAt(i) < 32) return false
    if ('[]{}()#|!'.includes(component[i])) return false
  }
  return true
}

function execStatic(path: string): [string, string, boolean] {
  let name = path.slice(1)
  let pathOut = ''
  if (name.length > 0 && '{["+-0123456789'.includes(name[0])) {
    const [, res] = name[0] === '"' || name[0] === '+' || name[0] === '-' || (name[0] >= '0' && name[0] <= '9') ? squashScalar(name) : parseSquash(name, 0)
    return [name.slice(res.length), res, true]
  }
  for (let i = 1; i < path.length; i++) {
    if (path[i] === '|' || path[i] === '.') {
      pathOut = path.slice(i)
      name = path.slice(1, i)
      break
    }
  }
  switch (name.toLowerCase()) {
    case 'true':
    case 'false':
    case 'null':
    case 'nan':
    case 'inf':
      return [pathOut, name, true]
  }
  return [pathOut, '', false]
}

/**
 * parseSquash called on a string or number start (execStatic does this): it scans for the first
 * closing bracket at depth 0, so `!"a"` or `!12` squash up to a closing token or the end.
 */
function squashScalar(name: string): [number, string] {
  return parseSquash(name, 0)
}

const MODIFIERS = new Map<string, (json: string, arg: string) => string>([
  ['ugly', modUgly],
  ['reverse', modReverse],
  ['this', (json) => json],
  ['flatten', modFlatten],
  ['join', modJoin],
  ['valid', (json) => (valid(json) ? json : '')],
  ['keys', modKeys],
  ['values', modValues],
  ['tostr', (json) => encodeString(json)],
  ['fromstr', (json) => (valid(json) ? parse(json).str() : '')],
  ['group', modGroup],
  ['dig', modDig],
])

function execModifier(json: string, path: string): [string, string, boolean] {
  let name = path.slice(1)
  let pathOut = ''
  let hasArgs = false
  for (let i = 1; i < path.length; i++) {
    if (path[i] === ':') {
      pathOut = path.slice(i + 1)
      name = path.slice(1, i)
      hasArgs = pathOut.length > 0
      break
    }
    if (path[i] === '|' || path[i] === '.') {
      pathOut = path.slice(i)
      name = path.slice(1, i)
      break
    }
  }
  const fn = MODIFIERS.get(name)
  if (!fn) return [pathOut, '', false]
  let args = ''
  if (hasArgs) {
    let parsed = false
    if (pathOut[0] === '{' || pathOut[0] === '[' || pathOut[0] === '"') {
      if (parse(pathOut).exists()) {
        args = squash(pathOut)
        pathOut = pathOut.slice(args.length)
        parsed = true
      }
    }
    if (!parsed) {
      let i = 0
      for (; i < pathOut.length; i++) {
        if (pathOut[i] === '|') break
        if ('{["('.includes(pathOut[i])) i += squash(pathOut.slice(i)).length - 1
      }
      args = pathOut.slice(0, i)
      pathOut = pathOut.slice(i)
    }
  }
  return [pathOut, fn(json, args), true]
}

/** Result.ForEach over an object or array raw. */
function forEach(t: GjsonResult, it: (key: GjsonResult, value: GjsonResult) => boolean): void {
  if (!t.exists()) return
  if (t.type !== 'JSON') {
    it(new GjsonResult(), t)
    return
  }
  const json = t.raw
  let obj = false
  let i = 0
  const key = new GjsonResult()
  for (; i < json.length; i++) {
    if (json[i] === '{') {
      i++
      key.type = 'String'
      obj = true
      break
    } else if (json[i] === '[') {
      i++
      key.type = 'Number'
      key.num = -1
      break
    }
    if (json.charCodeAt(i) > 32) return
  }
  for (; i < json.length; i++) {
    if (obj) {
      if (json[i] !== '"') continue
      const [ni, str, vesc, ok] = parseString(json, i + 1)
      i = ni
      if (!ok) return
      const inner = str.slice(1, -1)
      key.strValue = vesc ? unescape(inner) : inner
      key.raw = str
    } else {
      key.num += 1
    }
    for (; i < json.length; i++) {
      const c = json[i]
      if (json.charCodeAt(i) <= 32 || c === ',' || c === ':') continue
      break
    }
    const [ni, value, ok] = parseAny(json, i)
    i = ni
    if (!ok) return
    const k = result(key.type, key.raw, key.strValue, key.num)
    if (!it(k, value)) return
  }
}

const isArray = (r: GjsonResult) => r.type === 'JSON' && r.raw.length > 0 && r.raw[0] === '['
const isObject = (r: GjsonResult) => r.type === 'JSON' && r.raw.length > 0 && r.raw[0] === '{'

function unwrap(json: string): string {
  json = trim(json)
  if (json.length >= 2 && (json[0] === '[' || json[0] === '{')) json = json.slice(1, -1)
  return json
}

function boolOf(r: GjsonResult): boolean {
  // Result.Bool()
  switch (r.type) {
    case 'True':
      return true
    case 'String':
      return parseBoolLoose(r.strValue) === true
    case 'Number':
      return r.num !== 0
    default:
      return false
  }
}

function argFlag(arg: string, name: string): boolean {
  let flag = false
  if (arg !== '') {
    forEach(parse(arg), (key, value) => {
      if (key.str() === name) flag = boolOf(value)
      return true
    })
  }
  return flag
}

function modUgly(json: string): string {
  // tidwall/pretty.Ugly: drop whitespace outside strings.
  let out = ''
  for (let i = 0; i < json.length; i++) {
    const c = json[i]
    if (c === '"') {
      const s = i
      i++
      for (; i < json.length; i++) {
        if (json[i] === '\\') i++
        else if (json[i] === '"') break
      }
      out += json.slice(s, i + 1)
    } else if (json.charCodeAt(i) > 32) out += c
  }
  return out
}

function modReverse(json: string): string {
  const res = parse(json)
  if (isArray(res)) {
    const values: string[] = []
    forEach(res, (_, v) => {
      values.push(v.raw)
      return true
    })
    return '[' + values.reverse().join(',') + ']'
  }
  if (isObject(res)) {
    const pairs: string[] = []
    forEach(res, (k, v) => {
      pairs.push(k.raw + ':' + v.raw)
      return true
    })
    return '{' + pairs.reverse().join(',') + '}'
  }
  return json
}

function modFlatten(json: string, arg: string): string {
  const res = parse(json)
  if (!isArray(res)) return json
  const deep = argFlag(arg, 'deep')
  const parts: string[] = []
  forEach(res, (_, v) => {
    let raw = isArray(v) ? unwrap(deep ? modFlatten(v.raw, arg) : v.raw) : v.raw
    raw = raw.trim()
    if (raw.length > 0) parts.push(raw)
    return true
  })
  return '[' + parts.join(',') + ']'
}

function modKeys(json: string): string {
  const v = parse(json)
  if (!v.exists()) return '[]'
  const obj = isObject(v)
  const out: string[] = []
  forEach(v, (k) => {
    out.push(obj ? k.raw : 'null')
    return true
  })
  return '[' + out.join(',') + ']'
}

function modValues(json: string): string {
  const v = parse(json)
  if (!v.exists()) return '[]'
  if (isArray(v)) return json
  const out: string[] = []
  forEach(v, (_, val) => {
    out.push(val.raw)
    return true
  })
  return '[' + out.join(',') + ']'
}

function modJoin(json: string, arg: string): string {
  const res = parse(json)
  if (!isArray(res)) return json
  const preserve = argFlag(arg, 'preserve')
  const parts: string[] = []
  if (preserve) {
    forEach(res, (_, v) => {
      if (isObject(v)) parts.push(unwrap(v.raw))
      return true
    })
    return '{' + parts.join(',') + '}'
  }
  const keys: GjsonResult[] = []
  const kvals = new Map<string, GjsonResult>()
  forEach(res, (_, v) => {
    if (!isObject(v)) return true
    forEach(v, (k, val) => {
      if (!kvals.has(k.str())) keys.push(k)
      kvals.set(k.str(), val)
      return true
    })
    return true
  })
  return '{' + keys.map((k) => k.raw + ':' + kvals.get(k.str())!.raw).join(',') + '}'
}

function modGroup(json: string): string {
  const res = parse(json)
  if (!isObject(res)) return ''
  const all: string[] = []
  forEach(res, (k, v) => {
    if (!isArray(v)) return true
    let idx = 0
    forEach(v, (_, el) => {
      if (idx === all.length) all.push('')
      all[idx] += ',' + k.raw + ':' + el.raw
      idx++
      return true
    })
    return true
  })
  return '[' + all.map((item) => '{' + item.slice(1) + '}').join(',') + ']'
}

function modDig(json: string, arg: string): string {
  const all: string[] = []
  const descend = (parent: GjsonResult) => {
    const res = get(parent.raw, arg)
    if (res.exists()) all.push(res.raw)
    if (isArray(parent) || isObject(parent)) {
      forEach(parent, (_, v) => {
        descend(v)
        return true
      })
    }
  }
  descend(parse(json))
  return '[' + all.join(',') + ']'
}

/** gjson.Valid: strict RFC 8259 syntax (one value, optional surrounding whitespace). */
function valid(json: string): boolean {
  let i = 0
  const ws = () => {
    while (i < json.length && ' \t\n\r'.includes(json[i])) i++
  }
  const value = (): boolean => {
    ws()
    const c = json[i]
    if (c === '{') {
      i++
      ws()
      if (json[i] === '}') return ++i > 0
      for (;;) {
        ws()
        if (json[i] !== '"' || !str()) return false
        ws()
        if (json[i++] !== ':') return false
        if (!value()) return false
        ws()
        if (json[i] === ',') {
          i++
          continue
        }
        return json[i++] === '}'
      }
    }
    if (c === '[') {
      i++
      ws()
      if (json[i] === ']') return ++i > 0
      for (;;) {
        if (!value()) return false
        ws()
        if (json[i] === ',') {
          i++
          continue
        }
        return json[i++] === ']'
      }
    }
    if (c === '"') return str()
    for (const lit of ['true', 'false', 'null']) {
      if (json.startsWith(lit, i)) {
        i += lit.length
        return true
      }
    }
    const m = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y
    m.lastIndex = i
    const got = m.exec(json)
    if (!got || got[0].length === 0 || got[0] === '-') return false
    i += got[0].length
    return true
  }
  const str = (): boolean => {
    i++
    for (; i < json.length; i++) {
      const c = json.charCodeAt(i)
      if (c < 32) return false
      if (c === 34) {
        i++
        return true
      }
      if (c === 92) {
        i++
        const e = json[i]
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(json.slice(i + 1, i + 5))) return false
          i += 4
        } else if (!'"\\/bfnrt'.includes(e ?? 'x')) return false
      }
    }
    return false
  }
  if (!value()) return false
  ws()
  return i === json.length
}
