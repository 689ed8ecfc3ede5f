import { DQ1, DQ2 } from './data-quality-rules';
import { R04, R05, R06, R07, R08, R09, R10, R11 } from './child-protection-rules';
import { R24, R25, R26, R28, R29, R30 } from './consent-and-plan-rules';
import { R16, R17, R18 } from './escalation-rules';
import { R19, R20, R21, R22, R23 } from './pattern-rules';
import { R15, R27 } from './recording-rules';
import { R01, R02, R03 } from './referral-rules';
import type { ComplianceRule } from './rule';
import { R12, R13, R14 } from './visit-rules';

/** Every rule (DOMAIN.md "Compliance rules"), in id order, then the data-quality checks. */
export const RULES: readonly ComplianceRule[] = [
  R01, R02, R03, R04, R05, R06, R07, R08, R09, R10, R11, R12, R13, R14, R15, R16, R17, R18, R19, R20,
  R21, R22, R23, R24, R25, R26, R27, R28, R29, R30, DQ1, DQ2,
];
