// What an HTTP header can carry, by Node's own rules: node:http checks a name against RFC 7230's
// token and a value against field-content (tab, printable ASCII, Latin-1), and throws
// ERR_INVALID_HTTP_TOKEN / ERR_INVALID_CHAR otherwise. The plan checks tokens, namespaces and
// store headers with these before any request is built, so a value that can never be sent is
// refused by name and field; the client checks again before sending. Values are never quoted:
// they are tokens. No Node module here (the plan imports it).

const TOKEN_CHARS = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/

/** Why `value` cannot be sent as a header value, as a phrase (`contains a control character (such as CR or LF)`), or undefined. */
export function headerValueProblem(value: string): string | undefined {
  if (CONTROL.test(value)) return 'contains a control character (such as CR or LF)'
  if (BEYOND_LATIN1.test(value)) return 'contains a character beyond Latin-1'
  return undefined
}

/** Whether `name` can be sent as a header name (an HTTP token: letters, digits and !#$%&'*+-.^_`|~). */
export function isHeaderName(name: string): boolean {
  return TOKEN_CHARS.test(name)
}
