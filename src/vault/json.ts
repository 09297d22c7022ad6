// JSON that keeps every number's literal text (Vault's Go client decodes with UseNumber); knows nothing of ESO, gjson or HTTP.

// Objects are Maps in document order; a duplicate key keeps the last value, as a Go map does.
// Strings are decoded as Go's encoding/json does (a lone or broken \uD800-style surrogate escape
// becomes U+FFFD). Error messages follow Go's wording but never quote the input: a character of a
// secret must not end up in a log.

export class JsonNumber {
  readonly literal: string
  constructor(literal: string) {
    this.literal = literal
  }
}

export type JsonObject = Map<string, JsonValue>
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject

export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError'
  /** Offset (UTF-16 code units) of the offending character. */
  readonly offset: number
  constructor(message: string, offset: number) {
    super(message)
    this.offset = offset
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y
const MAX_DEPTH = 10000 // Go's scanner limit (maxNestingDepth)

export function parseJson(text: string): JsonValue {
  let i = 0
  const n = text.length
  const fail = (context: string): never => {
    if (i >= n) throw new JsonSyntaxError('unexpected end of JSON input', i)
    throw new JsonSyntaxError(`invalid character ${context} (offset ${i})`, i)
  }
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i)
      if (c === 32 || c === 10 || c === 13 || c === 9) i++
      else return
    }
  }
  const hex4 = (at: number): number => {
    let v = 0
    for (let k = at; k < at + 4; k++) {
      const c = text.charCodeAt(k)
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1
      if (d < 0) {
        i = Math.min(k, n)
        fail('in \\u hexadecimal character escape')
      }
      v = v * 16 + d
    }
    return v
  }
  const str = (): string => {
    i++ // opening quote
    let out = ''
    let start = i
    for (;;) {
      if (i >= n) fail('')
      const c = text.charCodeAt(i)
      if (c === 34) {
        out += text.slice(start, i)
        i++
        return out
      }
      if (c < 0x20) fail('in string literal')
      if (c !== 92) {
        i++
        continue
      }
      out += text.slice(start, i)
      i++
      if (i >= n) fail('')
      const e = text[i]
      i++
      switch (e) {
        case '"':
          out += '"'
          break
        case '\\':
          out += '\\'
          break
        case '/':
          out += '/'
          break
        case 'b':
          out += '\b'
          break
        case 'f':
          out += '\f'
          break
        case 'n':
          out += '\n'
          break
        case 'r':
          out += '\r'
          break
        case 't':
          out += '\t'
          break
        case 'u': {
          let r = hex4(i)
          i += 4
          if (r >= 0xd800 && r < 0xe000) {
            // Go's unquote: a high surrogate followed by a \u low surrogate combines; anything
            // else becomes U+FFFD and the following escape is decoded on its own.
            if (r < 0xdc00 && text.charCodeAt(i) === 92 && text.charCodeAt(i + 1) === 117) {
              const save = i
              i += 2
              const r2 = hex4(i)
              if (r2 >= 0xdc00 && r2 < 0xe000) {
                i += 4
                out += String.fromCharCode(r, r2)
                break
              }
              i = save
            }
            r = 0xfffd
          }
          out += String.fromCharCode(r)
          break
        }
        default:
          i--
          fail('in string escape code')
      }
      start = i
    }
  }
  const value = (depth: number): JsonValue => {
    if (depth > MAX_DEPTH) fail('(exceeded max depth)')
    ws()
    const c = text.charCodeAt(i)
    if (c === 123 /* { */) {
      i++
      const obj: JsonObject = new Map()
      ws()
      if (text.charCodeAt(i) === 125) {
        i++
        return obj
      }
      for (;;) {
        ws()
        if (text.charCodeAt(i) !== 34) fail('looking for beginning of object key string')
        const key = str()
        ws()
        if (text.charCodeAt(i) !== 58) fail('after object key')
        i++
        const v = value(depth + 1)
        obj.delete(key) // last duplicate wins, like assigning into a Go map
        obj.set(key, v)
        ws()
        const d = text.charCodeAt(i)
        if (d === 44) {
          i++
          continue
        }
        if (d === 125) {
          i++
          return obj
        }
        fail('after object key:value pair')
      }
    }
    if (c === 91 /* [ */) {
      i++
      const arr: JsonValue[] = []
      ws()
      if (text.charCodeAt(i) === 93) {
        i++
        return arr
      }
      for (;;) {
        arr.push(value(depth + 1))
        ws()
        const d = text.charCodeAt(i)
        if (d === 44) {
          i++
          continue
        }
        if (d === 93) {
          i++
          return arr
        }
        fail('after array element')
      }
    }
    if (c === 34) return str()
    if (c === 116 && text.startsWith('true', i)) {
      i += 4
      return true
    }
    if (c === 102 && text.startsWith('false', i)) {
      i += 5
      return false
    }
    if (c === 110 && text.startsWith('null', i)) {
      i += 4
      return null
    }
    NUMBER.lastIndex = i
    const m = NUMBER.exec(text)
    if (m && m[0].length > 0 && m[0] !== '-') {
      i += m[0].length
      return new JsonNumber(m[0])
    }
    return fail('looking for beginning of value')
  }
  const result = value(0)
  ws()
  if (i < n) fail('after top-level value')
  return result
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Bytes to text as Go's encoding/json sees them: every byte of an invalid UTF-8 sequence
 * becomes its own U+FFFD (utf8.DecodeRune returns size 1), unlike WHATWG decoding, which
 * replaces a whole truncated sequence with one U+FFFD. A leading BOM is kept (Go rejects it).
 */
export function decodeUtf8Go(bytes: Uint8Array): string {
  try {
    return fatalUtf8.decode(bytes)
  } catch {
    // fall through to the byte-wise decoder
  }
  let out = ''
  let i = 0
  const cont = (k: number) => k < bytes.length && (bytes[k] & 0xc0) === 0x80
  while (i < bytes.length) {
    const b = bytes[i]
    if (b < 0x80) {
      out += String.fromCharCode(b)
      i++
      continue
    }
    let cp = -1
    let size = 1
    if (b >= 0xc2 && b <= 0xdf && cont(i + 1)) {
      cp = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f)
      size = 2
    } else if (b >= 0xe0 && b <= 0xef && cont(i + 1) && cont(i + 2)) {
      const c1 = bytes[i + 1]
      const ok = (b === 0xe0 && c1 >= 0xa0) || (b === 0xed && c1 <= 0x9f) || (b !== 0xe0 && b !== 0xed)
      if (ok) {
        cp = ((b & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (bytes[i + 2] & 0x3f)
        size = 3
      }
    } else if (b >= 0xf0 && b <= 0xf4 && cont(i + 1) && cont(i + 2) && cont(i + 3)) {
      const c1 = bytes[i + 1]
      const ok = (b === 0xf0 && c1 >= 0x90) || (b === 0xf4 && c1 <= 0x8f) || (b > 0xf0 && b < 0xf4)
      if (ok) {
        cp = ((b & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f)
        size = 4
      }
    }
    if (cp < 0) {
      out += '\ufffd'
      i++
    } else {
      out += String.fromCodePoint(cp)
      i += size
    }
  }
  return out
}

/** parseJson over bytes decoded the way Go's json.Unmarshal treats invalid UTF-8. */
export function parseJsonBytes(bytes: Uint8Array): JsonValue {
  return parseJson(decodeUtf8Go(bytes))
}
