import { prisma } from '#app/utils/db.server.ts'
import { buildDirectoryWhere, type DirectoryFilters } from '#app/modules/organizations/directory-filter.ts'

/**
 * The organisation directory (事業所を探す): public facts about offices that every signed-in
 * user — families included — may search. Nothing here is client data.
 */

/** Far more than any one region has; keeps a runaway list from reaching the browser. */
export const DIRECTORY_LIMIT = 300

const directorySelect = {
	id: true,
	kind: true,
	name: true,
	corporation: true,
	city: true,
	address: true,
	phone: true,
	fax: true,
	targetPhysical: true,
	targetIntellectual: true,
	targetMental: true,
	targetChild: true,
	targetIntractable: true,
	trainingMedicalCare: true,
	trainingBehavior: true,
	trainingMental: true,
	businessHours: true,
	openDays: true,
	vacancyStatus: true,
	vacancyAsOf: true,
	services: { select: { serviceType: true }, orderBy: { id: 'asc' } },
} as const

export async function searchDirectory(filters: DirectoryFilters, limit = DIRECTORY_LIMIT) {
	const where = buildDirectoryWhere(filters)
	const [entries, total] = await Promise.all([
		prisma.organization.findMany({
			where,
			select: directorySelect,
			// City, then id: the seeded offices keep the order of the municipality's own list.
			orderBy: [{ city: 'asc' }, { id: 'asc' }],
			take: limit,
		}),
		prisma.organization.count({ where }),
	])
	return { entries, total }
}

export type DirectoryEntry = Awaited<ReturnType<typeof searchDirectory>>['entries'][number]

/** Choices for the city and service selects: only values that actually occur. */
export async function directoryOptions(): Promise<{ cities: string[]; serviceTypes: string[] }> {
	const [cities, services] = await Promise.all([
		prisma.organization.findMany({ distinct: ['city'], select: { city: true }, orderBy: { city: 'asc' } }),
		prisma.organizationService.findMany({ distinct: ['serviceType'], select: { serviceType: true }, orderBy: { serviceType: 'asc' } }),
	])
	return {
		cities: cities.map((c) => c.city).filter(Boolean),
		serviceTypes: services.map((s) => s.serviceType),
	}
}
