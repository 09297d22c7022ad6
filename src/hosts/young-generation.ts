// Keeps V8's young generation at its starting size for runs with a large input.
//
// Node 24's V8 lets the young generation grow to two 64 MiB semi-spaces (Node 20's stops at 16) as
// soon as many objects survive a scavenge, which a large render's documents and Secrets do: the
// 10,000-ExternalSecret run (3.6 MB of input) peaked at 294 MiB, 128 MiB of it the young
// generation's reserve. Its sizes are fixed when the isolate is made, before any JavaScript runs,
// and a shebang cannot pass Node a flag portably; the growth factor is the one setting V8 reads
// again each time it considers growing the young generation. With growth off that run peaks at
// 173-178 MiB for 1.06-1.15x the wall time (about 300 scavenges of 1 MiB instead of 20 of 64 MiB);
// on Node 20, 159 MiB instead of 180 for 1.08x. Memory over time: a sidecar's memory limit is the
// harder bound on a shared repo-server. Below 1 MiB of input nothing changes:
// such runs peak near Node's baseline, and loading node:v8 alone is 3% of a pass-through's start.

/** Input past which the young generation stops growing: the 1,000-ExternalSecret run reads 0.4 MB. */
export const LARGE_INPUT_CHARS = 1024 * 1024

export const NO_GROWTH_FLAG = '--semi-space-growth-factor=1'

/** V8's setter, from Node 20.16 on (earlier Node runs untuned). */
function setV8Flags(flags: string): void {
  process.getBuiltinModule?.('node:v8')?.setFlagsFromString(flags)
}

/**
 * A counter for the text a run reads (stdin, files, a build tool's output): once it passes
 * LARGE_INPUT_CHARS, the young generation's growth is turned off, once.
 */
export function inputCounter(setFlags: (flags: string) => void = setV8Flags): (text: string) => void {
  let chars = 0
  let tuned = false
  return (text) => {
    if (tuned) return
    chars += text.length
    if (chars < LARGE_INPUT_CHARS) return
    tuned = true
    setFlags(NO_GROWTH_FLAG)
  }
}
