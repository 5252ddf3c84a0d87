// Preloaded into both benchmark servers (bench/collab.ts, node --expose-gc): SIGUSR2 runs a
// full garbage collection, so the memory workload compares live memory, not whatever garbage
// an earlier workload left behind.
process.on('SIGUSR2', () => {
	if (typeof global.gc === 'function') global.gc()
})
