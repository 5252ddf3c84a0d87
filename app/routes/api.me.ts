import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { getProfile } from '#app/modules/accounts/accounts.server.ts'
import { requireApiUser } from '#app/modules/auth/auth.server.ts'
import { todayJst } from '#app/utils/dates.ts'

/** GET /api/me — the signed-in account: who am I, in which role, for which organisations. */
export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireApiUser(request)
	const profile = await getProfile(current.user.id, todayJst())
	if (!profile) throw json({ error: 'unauthenticated', message: 'ログインが必要です' }, { status: 401 })
	return json({
		id: profile.id,
		email: profile.email,
		displayName: profile.displayName,
		role: profile.role,
		roleLabel: profile.roleLabel,
		organizations: profile.organizations.map((o) => ({ id: o.id, name: o.name })),
	})
}
