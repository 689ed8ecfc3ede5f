import type {
  AssessmentCompletedData, AssessmentStartedData, AssessmentTimescaleExtendedData, NeglectToolCompletedData,
} from '../../children/catalogue/events/assessment-events';
import { article, clip, column, describer, flag, labelled, sentences, withText, words, type Describer } from './event-descriptions-wording';

const ASSESSMENT_KIND_WORDS: Readonly<Record<string, string>> = {
  'early-help': 'early help assessment',
  'child-and-family': "child and family assessment (social care's assessment of the child's needs and the family's situation)",
  'section-47': 'section 47 enquiry (child protection enquiry)',
  specialist: 'specialist assessment',
  'neglect-tool': 'neglect assessment',
};

const TOOL_WORDS: Readonly<Record<string, string>> = { 'graded-care-profile-2': 'Graded Care Profile 2' };

/** Neglect tools grade each area 1 (needs met) to 5 (severe neglect); 4 or 5 in any area shows neglect. */
const NEGLECT_SHOWN_FROM_GRADE = 4;

function grades(gradesByArea: unknown): Array<[string, number]> {
  if (typeof gradesByArea !== 'object' || gradesByArea === null || Array.isArray(gradesByArea)) return [];
  return Object.entries(gradesByArea).filter((entry): entry is [string, number] => typeof entry[1] === 'number');
}

// Assessment work with the family is protective; a section 47 enquiry starting shows a worry (reasonable cause
// to suspect significant harm); a completed assessment is protective when the child was seen and neutral otherwise
// (an unborn child cannot be seen); a neglect tool is protective work unless its grades show neglect.
export const ASSESSMENT_DESCRIBERS: Record<string, Describer> = {
  AssessmentStarted: describer<AssessmentStartedData>('neutral', ['triggerId'], (d) => {
    const kind = words(d.kind, ASSESSMENT_KIND_WORDS);
    return {
      summary: sentences(kind ? `${article(kind)} was started` : 'An assessment was started'),
      significance: d.kind === 'section-47' ? 'concern' : 'protective',
    };
  }),
  AssessmentCompleted: describer<AssessmentCompletedData>('neutral', ['assessmentId'], (d) => {
    const kind = words(d.kind, ASSESSMENT_KIND_WORDS);
    const childSeen = flag(d.childSeen);
    return {
      summary: sentences(
        withText(kind ? `${article(kind)} was completed` : 'An assessment was completed', clip(d.outcome)),
        childSeen === true && 'The child was seen during the assessment',
        childSeen === false && 'The child was not seen during the assessment',
      ),
      significance: childSeen === true ? 'protective' : 'neutral',
      outcome: column(d.outcome),
    };
  }),
  AssessmentTimescaleExtended: describer<AssessmentTimescaleExtendedData>('neutral', ['assessmentId'], (d) => ({
    summary: sentences('More time was agreed to complete the assessment', labelled('Reason', clip(d.reason))),
    action: 'Timescale extended',
  })),
  NeglectToolCompleted: describer<NeglectToolCompletedData>('protective', [], (d) => {
    const graded = grades(d.gradesByArea);
    const gradeText = graded.map(([area, grade]) => `${words(area)} ${grade}`).join(', ');
    return {
      summary: sentences(
        `A neglect assessment tool${words(d.tool, TOOL_WORDS) ? ` (${words(d.tool, TOOL_WORDS)})` : ''} was completed`,
        gradeText && `Grades, from 1 (the child's needs are met) to 5 (severe neglect): ${gradeText}`,
      ),
      significance: graded.some(([, grade]) => grade >= NEGLECT_SHOWN_FROM_GRADE) ? 'concern' : 'protective',
      outcome: gradeText ? `Grades: ${gradeText}` : null,
    };
  }),
};
