/**
 * The maxima of free text that is not a contact attribute (those are in attributes.ts). The API's
 * schemas document and enforce them (src/http/schemas/input-blocks.ts); the services check the
 * ones the CLI reaches too, so no shell stores more.
 */
export const textLimits = {
  userName: 100,
  password: 1_000,
  teamName: 100,
  importDescription: 1_000,
  /** Search text: `/api/contacts?q=` and `dovetail contacts search`. */
  searchQuery: 200,
  /** Filters over names and statuses (review list, import list). */
  filter: 200,
  fileName: 255,
  /** Field names: API field names, custom and user fields, merge choices. */
  fieldName: 100,
  /** A staged contact's edited value: the longest attribute (a note's text). */
  stagedValue: 20_000,
  /** A legacy key of the package's source system, and that system's name. */
  legacyKey: 200,
  mappingUploadId: 100,
  /** A mapping plan sent to the API: a column's header, as the CSV writes it. */
  planColumn: 1_000,
  /** A mapping plan's target ("lastName", "custom.Industry", "phone/mobile.value") or a default's. */
  planTarget: 200,
  /** A legacy value of a lookup and the value it stands for. */
  planLookupValue: 1_000,
  /** The reference to the plan's JSON Schema, and when it was saved. */
  planReference: 2_000,
} as const;
