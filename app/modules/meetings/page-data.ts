import type { SerializeFrom } from '@remix-run/node'
import type { MeetingPage } from './meeting-views.server.ts'

/**
 * The meeting page's data as its components receive it (after JSON), and what its action
 * answers. Here rather than in the route, so the page's section components
 * (app/components/meetings/meeting-sections.tsx) need not import their own route. Types only.
 */
export type MeetingPageData = SerializeFrom<MeetingPage>

export type ActionData = { intent: string; fieldErrors: Record<string, string[]>; formErrors: string[]; values: Record<string, string | string[]> | null }
