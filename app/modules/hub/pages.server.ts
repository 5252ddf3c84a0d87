import { type CurrentUser } from '#app/modules/auth/auth.server.ts'
import { loadClientScope, refuse } from '#app/modules/authz.server.ts'
import { canViewHubRoster, type ClientScope } from '#app/policies/index.ts'
import { hubsOfActor, type HubRecord } from './hub.server.ts'

/**
 * Request helpers of the hub pages: the refusals answer like the rest of the app (404 for a
 * person the user may not see — existence is sensitive — 403 otherwise) and are audited.
 */

export async function denied(request: Request, current: CurrentUser, attempted: string, clientId: string | null, status: 403 | 404): Promise<never> {
	return refuse(request, current, { attempted, clientId }, status)
}

/** The client scope of a URL id, or 404 (unknown and malformed ids alike). */
export async function requireScope(request: Request, current: CurrentUser, clientId: string | undefined): Promise<ClientScope> {
	const scope = clientId ? await loadClientScope(clientId) : null
	if (!scope) return denied(request, current, 'client.lookup', null, 404)
	return scope
}

/** The hub whose roster the coordinator works on (?hub=… when they belong to several). */
export async function requireRosterHub(request: Request, current: CurrentUser): Promise<{ hub: HubRecord; hubs: HubRecord[] }> {
	const hubs = (await hubsOfActor(current.actor)).filter((h) => canViewHubRoster(current.actor, h.id))
	if (hubs.length === 0) return denied(request, current, 'hub.roster', null, 403)
	const wanted = new URL(request.url).searchParams.get('hub')
	const hub = wanted ? hubs.find((h) => h.id === wanted) : hubs[0]
	if (!hub) return denied(request, current, 'hub.roster', null, 404)
	return { hub, hubs }
}
