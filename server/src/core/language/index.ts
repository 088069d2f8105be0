// Editor features over the core, for the language server (and any other editor front end): pure,
// position-based, and tolerant of maps that do not parse.
export { contextAt, keyAt, specAt, type CursorContext, type Segment } from './context';
export { completions, idSource, fieldDoc, type CompletionCandidate, type IdSource } from './completion';
export { componentHover, domainHover, impactOf, impactTitle, keyHover, md, type Impact } from './hover';
export { symbolAt, occurrences, definitionOf, outline, workspaceSymbols, idTextRange, allRefs, type SymbolHit, type SymbolKind, type Occurrence, type OutlineSymbol, type WorkspaceSymbol } from './symbols';
export { renameEdits, createElementFix, leadingSignalFix } from './edits';
export { extraFixes, type FindingRef } from './actions';
export { foldingRanges, type Fold } from './folding';
export { hoverAt, definitionAt, referencesAt, prepareRenameAt, renameAt, hitAt, lensesFor, lensTitle, type View, type Lens } from './service';
export { stressDigest, stressHoverLines, stressLensSuffix, type StressDigest } from './stressHover';
export { splitLines, linesOf, clampPosition, parseLine, type LineInfo, type Lines } from './text';
