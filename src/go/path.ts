// Go's path package (and path/filepath on Linux, which is the same for these): Clean, Base, Dir,
// Ext. Byte strings in and out.

/** path.Clean. */
export function clean(p: string): string {
  if (p === '') return '.'
  const rooted = p[0] === '/'
  const n = p.length
  let out = rooted ? '/' : ''
  let r = rooted ? 1 : 0
  let dotdot = rooted ? 1 : 0
  while (r < n) {
    if (p[r] === '/') r++
    else if (p[r] === '.' && (r + 1 === n || p[r + 1] === '/')) r++
    else if (p[r] === '.' && p[r + 1] === '.' && (r + 2 === n || p[r + 2] === '/')) {
      r += 2
      if (out.length > dotdot) {
        let w = out.length - 1
        while (w > dotdot && out[w] !== '/') w--
        out = out.slice(0, w)
      } else if (!rooted) {
        if (out.length > 0) out += '/'
        out += '..'
        dotdot = out.length
      }
    } else {
      if ((rooted && out.length !== 1) || (!rooted && out.length !== 0)) out += '/'
      for (; r < n && p[r] !== '/'; r++) out += p[r]
    }
  }
  return out === '' ? '.' : out
}

/** path.Base. */
export function base(p: string): string {
  if (p === '') return '.'
  while (p.length > 0 && p[p.length - 1] === '/') p = p.slice(0, -1)
  const i = p.lastIndexOf('/')
  if (i >= 0) p = p.slice(i + 1)
  return p === '' ? '/' : p
}

/** path.Dir: Clean of everything up to the last slash. */
export function dir(p: string): string {
  return clean(p.slice(0, p.lastIndexOf('/') + 1))
}

/** path.Ext: from the last dot in the last element. */
export function ext(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i)
  return ''
}
