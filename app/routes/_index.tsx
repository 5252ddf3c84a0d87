import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/modules/auth/auth.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
	const current = await requireUser(request)
	return json({ name: current.user.displayName })
}

export default function Dashboard() {
	const data = useLoaderData<typeof loader>()
	return <h1>{data.name}さん</h1>
}
