// Code actions the core can offer beyond the fixes findings carry: creating what an unknown reference
// names, and a leading-signal skeleton for a critical component that has none.
import type { Fix } from '../findings';
import { createElementFix, leadingSignalFix } from './edits';
import type { View } from './service';

/** What a code action needs to know of a diagnostic: its rule, file and the finding's data. */
export interface FindingRef {
  ruleId: string;
  uri: string;
  data?: Record<string, unknown>;
}

export function extraFixes(finding: FindingRef, text: string, views: View[]): Fix[] {
  const data = finding.data ?? {};
  if (finding.ruleId === 'unknown-reference' && typeof data['reference'] === 'string') {
    const id = data['reference'];
    const expects = data['expects'];
    const wrongKind = views.some((v) => v.model.components.has(id) || v.model.domains.has(id));
    if (wrongKind) {
      return []; // the id exists but is the wrong kind: creating a second one would clash
    }
    const fixes: (Fix | undefined)[] = [];
    if (expects === 'component' || expects === 'either') {
      fixes.push(createElementFix(text, finding.uri, 'components', id));
    }
    if (expects === 'domain' || expects === 'either') {
      fixes.push(createElementFix(text, finding.uri, 'domains', id));
    }
    return fixes.filter((f): f is Fix => f !== undefined);
  }
  if (finding.ruleId === 'missing-leading-signal' && typeof data['component'] === 'string') {
    for (const v of views) {
      const c = v.model.components.get(data['component']);
      if (c && c.uri === finding.uri) {
        const fix = leadingSignalFix(text, c);
        return fix ? [fix] : [];
      }
    }
  }
  return [];
}
