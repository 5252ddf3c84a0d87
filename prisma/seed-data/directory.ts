import type { SeedOrganization } from './types.ts'

/** Public directory data (filled in from seeds 000 and 001). */
export const directoryOrganizations: SeedOrganization[] = []
