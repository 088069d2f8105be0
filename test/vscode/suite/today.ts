// "Today" for the real-editor suites: rehearsal ages in the samples are measured from here, not from the
// real clock (a sample's last drill would otherwise pass the 180-day limit one day and fail the suite).
// The runners put it in the editor's environment as INCIDENTMAP_NOW; the language server reads it.
// Kept equal to test/helpers/core.ts testNow (2026-11-22).
export const suiteToday = '2026-11-22';
