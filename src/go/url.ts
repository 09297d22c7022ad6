// Go's net/url as Sprig's urlParse and urlJoin reach it (Go 1.26: bracketed hosts must be IPv6
// addresses; strict colons for http and https), with the netip checks it makes. Byte strings in
// and out. Errors (UrlError) name what was wrong, never the input: Go quotes it in some messages.

const UPPERHEX = '0123456789ABCDEF'
type Mode = 'path' | 'pathSegment' | 'host' | 'zone' | 'userPassword' | 'queryComponent' | 'fragment'

/** net/url's error reasons, without the quoted input Go puts in some of them. */
export class UrlError extends Error {}

const isAlnum = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c)

/** net/url shouldEscape. */
function shouldEscape(c: string, mode: Mode): boolean {
  if (isAlnum(c)) return false
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(c)) return false
  if ('-_.~'.includes(c)) return false
  if ('$&+,/:;=?@'.includes(c)) {
    switch (mode) {
      case 'path':
        return c === '?'
      case 'pathSegment':
        return c === '/' || c === ';' || c === ',' || c === '?'
      case 'userPassword':
        return c === '@' || c === '/' || c === '?' || c === ':'
      case 'queryComponent':
        return true
      case 'fragment':
        return false
    }
  }
  if (mode === 'fragment' && '!()*'.includes(c)) return false
  return true
}

/** net/url unescape. */
function unescape(s: string, mode: Mode): string {
  for (let i = 0; i < s.length; ) {
    if (s[i] === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) throw new UrlError('invalid URL escape')
      // In a host, %-encoding is only for non-ASCII bytes (and %25 for an IPv6 zone's percent).
      if (mode === 'host' && parseInt(s[i + 1], 16) < 8 && s.slice(i, i + 3) !== '%25') throw new UrlError('invalid URL escape')
      if (mode === 'zone') {
        const v = String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16))
        if (s.slice(i, i + 3) !== '%25' && v !== ' ' && shouldEscape(v, 'host')) throw new UrlError('invalid URL escape')
      }
      i += 3
    } else {
      if ((mode === 'host' || mode === 'zone') && s.charCodeAt(i) < 0x80 && shouldEscape(s[i], mode)) throw new UrlError('invalid character in host name')
      i++
    }
  }
  let out = ''
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%') {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16))
      i += 2
    } else if (s[i] === '+') out += mode === 'queryComponent' ? ' ' : '+'
    else out += s[i]
  }
  return out
}

/** net/url escape. */
function escape(s: string, mode: Mode): string {
  let out = ''
  for (const c of s) {
    if (c === ' ' && mode === 'queryComponent') out += '+'
    else if (shouldEscape(c, mode)) out += '%' + UPPERHEX[c.charCodeAt(0) >> 4] + UPPERHEX[c.charCodeAt(0) & 15]
    else out += c
  }
  return out
}

export interface Userinfo {
  username: string
  password?: string
}

export interface Url {
  scheme: string
  opaque: string
  user?: Userinfo
  host: string
  path: string
  rawPath: string
  omitHost: boolean
  forceQuery: boolean
  rawQuery: string
  fragment: string
  rawFragment: string
}

export const emptyUrl = (): Url => ({ scheme: '', opaque: '', host: '', path: '', rawPath: '', omitHost: false, forceQuery: false, rawQuery: '', fragment: '', rawFragment: '' })

/** Userinfo.String. */
export function userString(u: Userinfo): string {
  return escape(u.username, 'userPassword') + (u.password !== undefined ? ':' + escape(u.password, 'userPassword') : '')
}

/** url.Parse. */
export function parseUrl(raw: string): Url {
  const hash = raw.indexOf('#')
  const url = parseNoFragment(hash < 0 ? raw : raw.slice(0, hash))
  const frag = hash < 0 ? '' : raw.slice(hash + 1)
  if (frag === '') return url
  url.fragment = unescape(frag, 'fragment')
  url.rawFragment = escape(url.fragment, 'fragment') === frag ? '' : frag
  return url
}

/** net/url parse (viaRequest false). */
function parseNoFragment(raw: string): Url {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlError('net/url: invalid control character in URL')
  const url = emptyUrl()
  if (raw === '*') {
    url.path = '*'
    return url
  }
  let rest: string
  ;[url.scheme, rest] = getScheme(raw)
  url.scheme = url.scheme.toLowerCase()
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    url.forceQuery = true
    rest = rest.slice(0, -1)
  } else {
    const q = rest.indexOf('?')
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1)
      rest = rest.slice(0, q)
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      // A rootless path after a scheme is opaque (RFC 3986).
      url.opaque = rest
      return url
    }
    const slash = rest.indexOf('/')
    if ((slash < 0 ? rest : rest.slice(0, slash)).includes(':')) throw new UrlError('first path segment in URL cannot contain colon')
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2)
    rest = ''
    const slash = authority.indexOf('/')
    if (slash >= 0) {
      rest = authority.slice(slash)
      authority = authority.slice(0, slash)
    }
    ;[url.user, url.host] = parseAuthority(url.scheme, authority)
  } else if (url.scheme !== '' && rest.startsWith('/')) {
    url.omitHost = true
  }
  url.path = unescape(rest, 'path')
  url.rawPath = escape(url.path, 'path') === rest ? '' : rest
  return url
}

/** net/url getScheme: [scheme, rest]. */
function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue
    if ((c >= '0' && c <= '9') || c === '+' || c === '-' || c === '.') {
      if (i === 0) return ['', raw]
      continue
    }
    if (c === ':') {
      if (i === 0) throw new UrlError('missing protocol scheme')
      return [raw.slice(0, i), raw.slice(i + 1)]
    }
    return ['', raw]
  }
  return ['', raw]
}

/** net/url parseAuthority: [user, host]. */
function parseAuthority(scheme: string, authority: string): [Userinfo | undefined, string] {
  const at = authority.lastIndexOf('@')
  const host = parseHost(scheme, at < 0 ? authority : authority.slice(at + 1))
  if (at < 0) return [undefined, host]
  const userinfo = authority.slice(0, at)
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new UrlError('net/url: invalid userinfo')
  const colon = userinfo.indexOf(':')
  if (colon < 0) return [{ username: unescape(userinfo, 'userPassword') }, host]
  return [{ username: unescape(userinfo.slice(0, colon), 'userPassword'), password: unescape(userinfo.slice(colon + 1), 'userPassword') }, host]
}

const validOptionalPort = (port: string) => port === '' || /^:[0-9]*$/.test(port)

/** net/url parseHost, as Go 1.26 has it. */
function parseHost(scheme: string, host: string): string {
  const open = host.lastIndexOf('[')
  if (open > 0) throw new UrlError('invalid IP-literal')
  if (open === 0) {
    const close = host.lastIndexOf(']')
    if (close < 0) throw new UrlError("missing ']' in host")
    const colonPort = host.slice(close + 1)
    if (!validOptionalPort(colonPort)) throw new UrlError('invalid port after host')
    const inside = host.slice(1, close)
    // RFC 6874: %25 starts the zone, which may %-encode more than a host may.
    const zone = inside.indexOf('%25')
    const address = zone >= 0 ? unescape(inside.slice(0, zone), 'host') + unescape(inside.slice(zone), 'zone') : unescape(inside, 'host')
    // Only an IPv6 address may go in brackets (CVE-2025-47912).
    const kind = netipParseAddr(address)
    if (kind === 'invalid') throw new UrlError('invalid host')
    if (kind === 'ipv4') throw new UrlError('invalid IP-literal')
    return '[' + address + ']' + unescape(colonPort, 'host')
  }
  let colon = host.indexOf(':')
  if (colon >= 0) {
    // Strict colons (urlstrictcolons=1, Go 1.26's default) for http and https only: the first colon
    // starts the port. Other schemes keep the old rule (the last one), for database host lists.
    const last = host.lastIndexOf(':')
    if (last !== colon && scheme !== 'http' && scheme !== 'https') colon = last
    if (!validOptionalPort(host.slice(colon))) throw new UrlError('invalid port after host')
  }
  return unescape(host, 'host')
}

/** netip.ParseAddr's verdict: an IPv4 address, an IPv6 one (with an optional zone), or neither. */
function netipParseAddr(s: string): 'ipv4' | 'ipv6' | 'invalid' {
  for (const c of s) {
    if (c === '.') return ipv4Fields(s) ? 'ipv4' : 'invalid'
    if (c === ':') return ipv6(s) ? 'ipv6' : 'invalid'
    if (c === '%') return 'invalid'
  }
  return 'invalid'
}

/** netip's parseIPv4Fields: four decimal fields, no leading zeros, each at most 255. */
function ipv4Fields(s: string): boolean {
  const fields = s.split('.')
  return fields.length === 4 && fields.every((f) => /^(0|[1-9][0-9]{0,2})$/.test(f) && Number(f) <= 255)
}

/** netip's parseIPv6. */
function ipv6(input: string): boolean {
  let s = input
  const pct = s.indexOf('%')
  if (pct >= 0) {
    if (pct === s.length - 1) return false
    s = s.slice(0, pct)
  }
  let ellipsis = -1
  if (s.startsWith('::')) {
    ellipsis = 0
    s = s.slice(2)
    if (s === '') return true
  }
  let i = 0
  while (i < 16) {
    const m = /^[0-9a-fA-F]*/.exec(s)![0]
    if (m.length > 4) return false
    if (m.length === 0) return false
    if (m.length < s.length && s[m.length] === '.') {
      if (ellipsis < 0 && i !== 12) return false
      if (i + 4 > 16) return false
      if (!ipv4Fields(s)) return false
      s = ''
      i += 4
      break
    }
    i += 2
    s = s.slice(m.length)
    if (s === '') break
    if (s[0] !== ':' || s.length === 1) return false
    s = s.slice(1)
    if (s[0] === ':') {
      if (ellipsis >= 0) return false
      ellipsis = i
      s = s.slice(1)
      if (s === '') break
    }
  }
  if (s !== '') return false
  if (i < 16) return ellipsis >= 0
  return ellipsis < 0
}

/** URL.EscapedPath. */
function escapedPath(u: Url): string {
  if (u.rawPath !== '' && validEncoded(u.rawPath, 'path')) {
    try {
      if (unescape(u.rawPath, 'path') === u.path) return u.rawPath
    } catch {
      // fall through to escaping Path
    }
  }
  if (u.path === '*') return '*'
  return escape(u.path, 'path')
}

/** URL.EscapedFragment. */
function escapedFragment(u: Url): string {
  if (u.rawFragment !== '' && validEncoded(u.rawFragment, 'fragment')) {
    try {
      if (unescape(u.rawFragment, 'fragment') === u.fragment) return u.rawFragment
    } catch {
      // fall through to escaping Fragment
    }
  }
  return escape(u.fragment, 'fragment')
}

function validEncoded(s: string, mode: Mode): boolean {
  for (const c of s) if (!`!$&'()*+,;=:@[]%`.includes(c) && shouldEscape(c, mode)) return false
  return true
}

/** URL.String (Go 1.26). */
export function urlString(u: Url): string {
  let out = ''
  if (u.scheme !== '') out += u.scheme + ':'
  if (u.opaque !== '') out += u.opaque
  else {
    if (u.scheme !== '' || u.host !== '' || u.user) {
      if (!(u.omitHost && u.host === '' && !u.user)) {
        if (u.host !== '' || u.path !== '' || u.user) out += '//'
        if (u.user) out += userString(u.user) + '@'
        if (u.host !== '') out += escape(u.host, 'host')
      }
    }
    let path = escapedPath(u)
    if (u.omitHost && u.host === '' && !u.user && path.startsWith('//')) {
      // A path starting "//" with no authority would read back as one.
      out += '%2F'
      path = path.slice(1)
    }
    if (path !== '' && path[0] !== '/' && u.host !== '') out += '/'
    if (out === '') {
      // RFC 3986 §4.2: a first segment with a colon would read as a scheme.
      const slash = path.indexOf('/')
      if ((slash < 0 ? path : path.slice(0, slash)).includes(':')) out += './'
    }
    out += path
  }
  if (u.forceQuery || u.rawQuery !== '') out += '?' + u.rawQuery
  if (u.fragment !== '') out += '#' + escapedFragment(u)
  return out
}

/** URL.Hostname: the host without its port or brackets. */
export function hostname(host: string): string {
  const colon = host.lastIndexOf(':')
  if (colon >= 0 && validOptionalPort(host.slice(colon))) host = host.slice(0, colon)
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1)
  return host
}
