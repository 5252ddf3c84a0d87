import { redirect } from '@remix-run/node'

/** The client list lives on the dashboard. */
export async function loader() {
	return redirect('/')
}
