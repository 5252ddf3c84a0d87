// KIZUNA_BUILD_DIR lets several builds coexist on one machine (e.g. a test run next to a dev
// server); by default the server bundle goes to build/ and browser assets to public/build/.
const buildDir = process.env.KIZUNA_BUILD_DIR

/** @type {import('@remix-run/dev').AppConfig} */
export default {
	ignoredRouteFiles: ['**/.*', '**/*.test.{ts,tsx}', '**/__*.*'],
	serverModuleFormat: 'esm',
	serverPlatform: 'node',
	serverBuildPath: buildDir ? `${buildDir}/server/index.js` : 'build/index.js',
	assetsBuildDirectory: buildDir ? `${buildDir}/client` : 'public/build',
	publicPath: '/build/',
	future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true },
	// Browser bundles must never contain server modules; the classic compiler replaces
	// *.server.ts imports with empty modules, so keep them out of components.
	browserNodeBuiltinsPolyfill: { modules: { events: true } },
}
