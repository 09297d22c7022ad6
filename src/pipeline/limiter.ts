// A bounded-concurrency runner: Vault reads and cluster reads each keep a fixed number in flight,
// so a render of ten thousand ExternalSecrets neither floods Vault nor the API server.

/** Runs at most `limit` tasks at once, the rest in the order they came. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0
  const queue: (() => void)[] = []
  const next = () => {
    if (active >= limit || !queue.length) return
    active++
    queue.shift()!()
  }
  return (task) =>
    new Promise((resolve, reject) => {
      queue.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            active--
            next()
          })
      })
      next()
    })
}
