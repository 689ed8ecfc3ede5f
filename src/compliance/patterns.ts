import type { Finding } from './evaluate-child';

/** The patterns serious case reviews keep finding (DOMAIN.md), and the rules whose breaches show each. */
export const PATTERNS: ReadonlyArray<{ pattern: string; rules: readonly string[] }> = [
  { pattern: 'Start again: repeated referrals and closures', rules: ['R19'] },
  { pattern: 'Cumulative concerns from several agencies', rules: ['R22'] },
  { pattern: 'Drift: plans open long, reviews or oversight overdue', rules: ['R08', 'R09', 'R21', 'R28'] },
  { pattern: 'Disagreement without escalation', rules: ['R16', 'R17'] },
  { pattern: 'Plan ended with an agency absent or dissenting', rules: ['R18'] },
  { pattern: "No record of the child's voice", rules: ['R14'] },
  { pattern: 'Children not brought to appointments', rules: ['R23'] },
  { pattern: 'Allegation with no strategy discussion or LADO referral', rules: ['R04', 'R26'] },
  { pattern: 'Consent treated as a reason to stop', rules: ['R24'] },
];

export interface PatternSeen { pattern: string; findings: Finding[] }

/** The patterns a child's breached findings show, with the findings as evidence. */
export function patternsIn(findings: readonly Finding[]): PatternSeen[] {
  return PATTERNS.map(({ pattern, rules }) => ({ pattern, findings: findings.filter((finding) => finding.status === 'breached' && rules.includes(finding.rule)) }))
    .filter((seen) => seen.findings.length > 0);
}
