// JSON that keeps every number's literal text, as Vault's Go client decodes with UseNumber: `1.50`
// stays `1.50`, `12345678901234567890` keeps every digit. Objects are Maps in document order; a
// duplicate key keeps the last value, as Go does. Error messages never quote the input.

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
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

export function parseJson(text: string): JsonValue {
  let i = 0
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`invalid character ${what} at offset ${i}`)
  }
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i)
      if (c === 32 || c === 10 || c === 13 || c === 9) i++
      else return
    }
  }
  const str = (): string => {
    i++ // opening quote
    let out = ''
    let start = i
    for (;;) {
      const c = text.charCodeAt(i)
      if (Number.isNaN(c)) fail('end of input in string')
      if (c === 34) {
        out += text.slice(start, i)
        i++
        return out
      }
      if (c < 0x20) fail('control character in string')
      if (c !== 92) {
        i++
        continue
      }
      out += text.slice(start, i)
      const e = text[i + 1]
      i += 2
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
          const hex = text.slice(i, i + 4)
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('in \\u escape')
          out += String.fromCharCode(parseInt(hex, 16))
          i += 4
          break
        }
        default:
          fail('in string escape')
      }
      start = i
    }
  }
  const value = (depth: number): JsonValue => {
    if (depth > 10000) fail('(nesting too deep)')
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      const obj: JsonObject = new Map()
      ws()
      if (text[i] === '}') {
        i++
        return obj
      }
      for (;;) {
        ws()
        if (text[i] !== '"') fail('looking for beginning of object key string')
        const key = str()
        ws()
        if (text[i] !== ':') fail('after object key')
        i++
        obj.delete(key)
        obj.set(key, value(depth + 1))
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          return obj
        }
        fail('after object key:value pair')
      }
    }
    if (c === '[') {
      i++
      const arr: JsonValue[] = []
      ws()
      if (text[i] === ']') {
        i++
        return arr
      }
      for (;;) {
        arr.push(value(depth + 1))
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          return arr
        }
        fail('after array element')
      }
    }
    if (c === '"') return str()
    if (text.startsWith('true', i)) {
      i += 4
      return true
    }
    if (text.startsWith('false', i)) {
      i += 5
      return false
    }
    if (text.startsWith('null', i)) {
      i += 4
      return null
    }
    NUMBER.lastIndex = i
    const m = NUMBER.exec(text)
    if (m && m[0].length) {
      i += m[0].length
      return new JsonNumber(m[0])
    }
    return fail('looking for beginning of value')
  }
  const result = value(0)
  ws()
  if (i < text.length) fail('after top-level value')
  return result
}
