// The playground's state in the URL fragment (`#v1=…`, base64url of JSON), which browsers never
// send to a server. The provider data stays out of the link unless the user asks for it: links end
// up in chat logs and browser history.

export interface SharedState {
  externalSecret: string
  /** The provider data editor's text; absent when the link leaves it out. */
  data?: string
}

const PREFIX = '#v1='
const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 4096) binary += String.fromCharCode(...bytes.subarray(i, i + 4096))
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

/** The fragment for a state; the data only with `includeData`. */
export function encodeFragment(state: SharedState, includeData: boolean): string {
  const shared: SharedState = { externalSecret: state.externalSecret, ...(includeData && state.data !== undefined ? { data: state.data } : {}) }
  return PREFIX + toBase64Url(encoder.encode(JSON.stringify(shared)))
}

/** The state in a fragment, or undefined for any other fragment (or a damaged one). */
export function decodeFragment(fragment: string): SharedState | undefined {
  if (!fragment.startsWith(PREFIX)) return undefined
  try {
    const value = JSON.parse(decoder.decode(fromBase64Url(fragment.slice(PREFIX.length)))) as unknown
    if (!value || typeof value !== 'object') return undefined
    const { externalSecret, data } = value as Record<string, unknown>
    if (typeof externalSecret !== 'string' || (data !== undefined && typeof data !== 'string')) return undefined
    return { externalSecret, ...(data === undefined ? {} : { data }) }
  } catch {
    return undefined
  }
}
