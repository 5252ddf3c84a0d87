import fs from 'node:fs'
import type { Bundle } from '@medplum/fhirtypes'
import { danglingReferences, validateFhir } from '../helpers/fhir-validate.ts'
import { DEMO_ACCOUNTS, expect, newUserPage, test } from './fixtures.ts'

/**
 * 「データの書き出し（HL7 FHIR）」 in a real browser: the specialist downloads the client's Bundle
 * from the client page (a file the browser saves, validated against the R4 definitions); provider
 * staff, who may read the client but not export, are not offered the card.
 */
const CLIENT_PATH = '/clients/client-sato-makoto'

test('the specialist downloads the FHIR Bundle from the client page; provider staff see no download', async ({ browser }) => {
	const sodan = await newUserPage(browser, DEMO_ACCOUNTS.specialist)
	await sodan.goto(CLIENT_PATH)
	const card = sodan.getByTestId('fhir-export')
	await expect(card.getByRole('heading', { name: 'データの書き出し（HL7 FHIR）' })).toBeVisible()
	const link = card.getByRole('link', { name: 'PDFなしでダウンロード' })
	await link.focus()
	const [download] = await Promise.all([sodan.waitForEvent('download'), sodan.keyboard.press('Enter')])
	expect(download.suggestedFilename()).toBe('kizuna-fhir-client-sato-makoto.json')
	const bundle = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as Bundle
	expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' })
	expect(bundle.entry?.some((e) => e.resource?.resourceType === 'Patient')).toBe(true)
	expect(validateFhir(bundle)).toEqual([])
	expect(danglingReferences(bundle)).toEqual([])

	const staff = await newUserPage(browser, DEMO_ACCOUNTS.staff)
	await staff.goto(CLIENT_PATH)
	await expect(staff.getByTestId('basic-section')).toBeVisible()
	await expect(staff.getByTestId('fhir-export')).toHaveCount(0)
	const refused = await staff.request.get(`/api/clients/client-sato-makoto/fhir?pdf=0`)
	expect(refused.status()).toBe(403)
	expect((await refused.json()).resourceType).toBe('OperationOutcome')
})
