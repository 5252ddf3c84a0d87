import net from 'node:net'

/**
 * The key pre-authentication limits count by: the IPv4 address, or the /64 prefix of an IPv6
 * address (one host usually owns a whole /64, so counting single IPv6 addresses limits nothing).
 */
export function ipKey(address: string | undefined | null): string {
	if (!address) return 'unknown'
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
	if (mapped) return mapped[1]
	if (net.isIPv4(address)) return address
	if (!net.isIPv6(address)) return 'unknown'
	const withoutZone = address.split('%')[0]
	const [head, tail = ''] = withoutZone.split('::')
	const headParts = head ? head.split(':') : []
	const tailParts = withoutZone.includes('::') && tail ? tail.split(':') : []
	const missing = 8 - headParts.length - tailParts.length
	const groups = withoutZone.includes('::') ? [...headParts, ...Array(Math.max(0, missing)).fill('0'), ...tailParts] : headParts
	return `${groups
		.slice(0, 4)
		.map((g) => (parseInt(g, 16) || 0).toString(16))
		.join(':')}::/64`
}
