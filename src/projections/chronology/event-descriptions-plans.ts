import type {
  CaseClosedData, CaseReopenedData, CaseTransferredData, ManagementOversightRecordedData, PlanChangedData, PlanEndedData, PlanReviewedData,
  PlanStartedData,
} from '../../children/catalogue/events/plan-events';
import {
  agency, AGENCY_KIND_WORDS, article, clip, column, CONCERN_CATEGORY_WORDS, count, date, describer, list, PLAN_TYPE_WORDS, sentences, withText,
  words, type Describer,
} from './event-descriptions-wording';

const STEPPED_DOWN_WORDS: Readonly<Record<string, string>> = {
  ...PLAN_TYPE_WORDS,
  'universal-services': 'universal services (services open to every child, such as school and the GP)',
};

const everyWorkingDays = (frequency: unknown): string | null =>
  count(frequency) === null ? null : `at least every ${count(frequency)} working day${count(frequency) === 1 ? '' : 's'}`;

const visits = (frequency: unknown): string | null => everyWorkingDays(frequency) && `Visits ${everyWorkingDays(frequency)}`;

const plan = (planType: unknown): string => words(planType, PLAN_TYPE_WORDS) ?? 'plan';

function steppedDown(value: unknown): string | null {
  if (value === 'none') return 'No further plan';
  const to = words(value, STEPPED_DOWN_WORDS);
  return to && `Support continues through ${value === 'universal-services' ? to : article(to).replace(/^A/, 'a')}`;
}

// A child protection plan or becoming looked after shows serious risk (a worry); early help and child in need
// plans are support offered (protective). Reviews and management oversight are protective work. Changes, endings,
// closures and transfers are neutral: their detail says whether they went well. A case reopening is a worry
// (a new worry about a child already known: the "start again" pattern reviewers look for).
export const PLAN_DESCRIBERS: Record<string, Describer> = {
  PlanStarted: describer<PlanStartedData>('neutral', ['decisionId'], (d) => {
    const categories = list(d.categories, CONCERN_CATEGORY_WORDS);
    const coreGroup = list(d.coreGroupAgencyKinds, AGENCY_KIND_WORDS);
    return {
      summary: sentences(
        `${article(plan(d.planType))} was started${categories ? ` under the category of ${categories}` : ''}`,
        visits(d.visitFrequencyWorkingDays),
        coreGroup && `Core group (the professionals working with the family on the plan): ${coreGroup}`,
      ),
      significance: d.planType === 'child-protection' || d.planType === 'looked-after' ? 'concern' : typeof d.planType === 'string' ? 'protective' : undefined,
      action: visits(d.visitFrequencyWorkingDays),
    };
  }),
  PlanReviewed: describer<PlanReviewedData>('protective', ['planId'], (d) => ({
    summary: sentences(withText("The child's plan was reviewed", clip(d.summary)), date(d.nextReviewDue) && `Next review due by ${date(d.nextReviewDue)}`),
    action: date(d.nextReviewDue) && `Next review due by ${date(d.nextReviewDue)}`,
    outcome: column(d.summary),
  })),
  PlanChanged: describer<PlanChangedData>('neutral', ['planId'], (d) => ({
    summary: sentences(
      withText("The child's plan was changed", clip(d.change)),
      everyWorkingDays(d.visitFrequencyWorkingDays) && `Visits are now due ${everyWorkingDays(d.visitFrequencyWorkingDays)}`,
    ),
    action: column(d.change),
  })),
  PlanEnded: describer<PlanEndedData>('neutral', ['planId'], (d) => ({
    summary: sentences(withText(`The ${plan(d.planType)} ended`, clip(d.endReason)), steppedDown(d.steppedDownTo)),
    outcome: sentences(column(d.endReason), steppedDown(d.steppedDownTo)) || null,
  })),
  ManagementOversightRecorded: describer<ManagementOversightRecordedData>('protective', [], (d) => ({
    summary: sentences(withText('A manager reviewed the case', clip(d.decision)), date(d.nextReview) && `Next management review by ${date(d.nextReview)}`),
    outcome: column(d.decision),
  })),
  CaseClosed: describer<CaseClosedData>('neutral', [], (d) => {
    const consulted = list(d.agenciesConsulted, AGENCY_KIND_WORDS);
    return {
      summary: sentences(
        withText('The case was closed', clip(d.reason)),
        clip(d.childView) ? `The child's view: ${clip(d.childView)}` : "The child's view was not recorded",
        consulted ? `Agencies consulted: ${consulted}` : 'No agencies were recorded as consulted',
      ),
      outcome: column(d.reason),
    };
  }),
  CaseReopened: describer<CaseReopenedData>('concern', [], (d) => ({
    summary: sentences(withText('The case was reopened', clip(d.reason))),
  })),
  CaseTransferred: describer<CaseTransferredData>('neutral', [], (d) => ({
    summary: sentences(withText(`The case was transferred${agency(d.toAgency) ? ` to ${agency(d.toAgency)}` : ''}`, clip(d.reason))),
    action: agency(d.toAgency) && `Transferred to ${agency(d.toAgency)}`,
  })),
};
