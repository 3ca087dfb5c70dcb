export { OciError } from './error.js';
export type { OciErrorCode } from './error.js';
export { BUNDLE_MEDIA_TYPE, PREDICATE_TYPE_ANNOTATION } from './media-types.js';
export type { PushedBundle } from './push-bundle.js';
export type { StoredBundle } from './read-bundles.js';
export type { RegistryCredentials } from './registry-http.js';
export { createRegistryAttestationStore } from './store.js';
export type { RegistryAttestationStore, RegistryAttestationStoreOptions } from './store.js';
