import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { audit } from '#app/modules/audit/audit.server.ts'
import { clientIp, getCurrentUser, getPendingSignIn } from '#app/modules/auth/auth.server.ts'
import { serializeClearedSessionCookie } from '#app/modules/auth/cookie.server.ts'
import { invalidateSession } from '#app/modules/auth/session.server.ts'

export async function loader() {
	return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
	const current = await getCurrentUser(request)
	if (current) {
		await invalidateSession(current.session.id)
		await audit({ action: 'auth.logout', userId: current.user.id, ipAddress: clientIp(request) })
	} else {
		// Abandoning a half-finished sign-in ends its session too.
		const pending = await getPendingSignIn(request)
		if (pending) await invalidateSession(pending.session.id)
	}
	return redirect('/login', { headers: { 'Set-Cookie': serializeClearedSessionCookie() } })
}
