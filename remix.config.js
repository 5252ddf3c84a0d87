/** @type {import('@remix-run/dev').AppConfig} */
export default {
	ignoredRouteFiles: ['**/.*', '**/*.test.{ts,tsx}', '**/__*.*'],
	serverModuleFormat: 'esm',
	serverPlatform: 'node',
	future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true },
	// Browser bundles must never contain server modules; the classic compiler replaces
	// *.server.ts imports with empty modules, so keep them out of components.
	browserNodeBuiltinsPolyfill: { modules: { events: true } },
}
