// The pipeline's light entry point: what a face needs before it knows whether to render at all.
// The render itself (pipeline/render.ts) loads only when an item needs it.

export { isInteresting } from '../eso/kinds.ts'
export { RunCleanups } from './cleanups.ts'
export type { Notice, RenderContext, RenderResult, RenderStats } from './render.ts'
