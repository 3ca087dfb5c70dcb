// What on-demand.ts imports for the TOML formats (the `smol-toml` library). Imported dynamically
// only (see plain.ts).
export { readCargoLockfile } from '../cargo.js';
export { readPoetryLockfile } from '../poetry.js';
export { readUvLockfile } from '../uv.js';
