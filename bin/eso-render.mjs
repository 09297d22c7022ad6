#!/usr/bin/env node
// Runs the built bundle (npm run build); kept tiny so start-up is the bundle's alone.
import '../dist/eso-render.mjs'
