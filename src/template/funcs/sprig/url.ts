// Sprig's urlParse and urlJoin (url.go) over Go's net/url (go/url.ts): urlParse's dict of URL
// parts, urlJoin's URL.String of a dict. Errors name the problem, never the URL.

import { isGoString, type GoMap, type GoString, type GoValue } from '../../value.ts'
import { FuncError, type FuncDef } from '../registry.ts'
import { emptyUrl, hostname, parseUrl, UrlError, urlString, userString, type Url } from '../../../go/url.ts'
import { bin, unbin } from './conversions.ts'
import { kindName } from './reflect.ts'

/** Sprig's urlParse: Go panics on a bad URL; the panic becomes the call's error. */
function urlParse(s: GoString): GoMap {
  let u: Url
  try {
    u = parseUrl(bin(s))
  } catch (e) {
    if (e instanceof UrlError) throw new FuncError(`unable to parse url: ${e.message}`)
    throw e
  }
  return {
    scheme: unbin(u.scheme),
    host: unbin(u.host),
    hostname: unbin(hostname(u.host)),
    path: unbin(u.path),
    query: unbin(u.rawQuery),
    opaque: unbin(u.opaque),
    fragment: unbin(u.fragment),
    userinfo: u.user ? unbin(userString(u.user)) : '',
  }
}

/** Sprig's dictGetOrEmpty: a missing key is ""; anything but a string panics. */
function dictString(d: GoMap, key: string): string {
  if (!Object.hasOwn(d, key)) return ''
  const v = d[key]
  // reflect.TypeOf(nil).Kind() dereferences a nil Type.
  if (v === null || v === undefined) throw new FuncError('runtime error: invalid memory address or nil pointer dereference')
  if (!isGoString(v)) throw new FuncError(`unable to parse ${key} key, must be of type string, but ${kindName(v)} found`)
  return bin(v)
}

/** Sprig's urlJoin: a url.URL from the dict's strings, printed with URL.String. */
function urlJoin(d: GoMap): GoString {
  const u = emptyUrl()
  u.scheme = dictString(d, 'scheme')
  u.host = dictString(d, 'host')
  u.path = dictString(d, 'path')
  u.rawQuery = dictString(d, 'query')
  u.opaque = dictString(d, 'opaque')
  u.fragment = dictString(d, 'fragment')
  const userinfo = dictString(d, 'userinfo')
  if (userinfo !== '') {
    try {
      u.user = parseUrl(`proto://${userinfo}@host`).user
    } catch (e) {
      if (e instanceof UrlError) throw new FuncError(`unable to parse userinfo in dict: ${e.message}`)
      throw e
    }
  }
  return unbin(urlString(u))
}

const S = 'string' as const
const str = (v: GoValue) => v as GoString

export const URL: FuncDef[] = [
  { name: 'urlParse', params: [S], fn: (_c, s) => urlParse(str(s)) },
  { name: 'urlJoin', params: ['dict'], fn: (_c, d) => urlJoin(d as GoMap) },
]
