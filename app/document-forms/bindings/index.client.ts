/**
 * React bindings for structured forms (app/document-forms/structure.ts), one file per seam:
 * field presence and remote carets, observing Y types, text fields, comment highlights,
 * meta values, row tables, and the document session (status bar, undo). Browser only.
 */
export { FieldEditors, FieldPresenceProvider } from './presence.client.tsx'
export { fieldEditorsFromAwareness, type FieldEditor } from './presence.ts'
export { useMetaValue } from './observe.client.ts'
export { CollabTextField, LabelledTextFields, useFieldTexts, type CollabTextFieldProps, type LabelledField } from './text-field.client.tsx'
export { RowCommentButton, rowCommentProps } from './comment-marks.client.tsx'
export { highlightSegments } from './comment-marks.ts'
export { CollabDate, CollabMetaText, CollabSelect, type SelectOption } from './meta-fields.client.tsx'
export { CollabRowTable, useOrderedRows, type RowColumn } from './row-table.client.tsx'
export { UndoButtons, useDocumentUndo, type DocumentUndo } from './undo.client.tsx'
