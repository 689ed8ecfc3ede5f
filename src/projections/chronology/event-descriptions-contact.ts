import type { AppointmentMissedData, ChildVoiceRecordedData, VisitCompletedData, VisitNoAccessData } from '../../children/catalogue/events/contact-events';
import { article, clip, column, describer, flag, labelled, sentences, withText, words, type Describer } from './event-descriptions-wording';

const VOICE_METHOD_WORDS: Readonly<Record<string, string>> = {
  words: 'in their own words',
  drawing: 'through a drawing',
  observation: 'by watching how the child was and what they did',
  advocate: 'through an advocate (someone who speaks up for the child)',
};

const visitKind = (statutory: unknown): string =>
  flag(statutory) === true ? "A statutory visit (a visit the law or the child's plan requires)" : 'A visit';

function childSeenOnVisit(d: { childSeen?: unknown; childSeenAlone?: unknown; notSeenAloneReason?: unknown }): { sentence: string | null; outcome: string | null } {
  const seen = flag(d.childSeen);
  const reason = clip(d.notSeenAloneReason);
  if (seen === false) return { sentence: withText('The child was not seen', reason), outcome: 'Child not seen' };
  if (seen === null) return { sentence: null, outcome: null };
  if (flag(d.childSeenAlone) === true) return { sentence: 'The child was seen alone', outcome: 'Child seen alone' };
  if (flag(d.childSeenAlone) === null) return { sentence: 'The child was seen', outcome: 'Child seen' };
  return { sentence: reason ? `The child was seen, but not alone: ${reason}` : 'The child was seen, but not alone; no reason was recorded', outcome: 'Child seen, not alone' };
}

// Seeing the child and hearing their voice are protective; a visit where the child was not seen, a visit
// with no access and a missed appointment are worries (R22 counts missed appointments and no-access visits as
// concern signals, whether the child was not brought or, when older, did not attend).
export const CONTACT_DESCRIBERS: Record<string, Describer> = {
  VisitCompleted: describer<VisitCompletedData>('neutral', ['planId'], (d) => {
    const seen = childSeenOnVisit(d);
    const childSeen = flag(d.childSeen);
    return {
      summary: sentences(`${visitKind(d.statutory)} took place`, seen.sentence),
      significance: childSeen === true ? 'protective' : childSeen === false ? 'concern' : 'neutral',
      outcome: seen.outcome,
    };
  }),
  VisitNoAccess: describer<VisitNoAccessData>('concern', [], (d) => ({
    summary: sentences(`${visitKind(d.statutory)} was attempted but could not take place (no access), so the child was not seen`, labelled('Note', clip(d.note))),
    outcome: 'No access; child not seen',
  })),
  ChildVoiceRecorded: describer<ChildVoiceRecordedData>('protective', ['contextId'], (d) => ({
    summary: sentences(withText(`The child's wishes and feelings were recorded${words(d.method, VOICE_METHOD_WORDS) ? ` ${words(d.method, VOICE_METHOD_WORDS)}` : ''}`, clip(d.content))),
  })),
  AppointmentMissed: describer<AppointmentMissedData>('concern', [], (d) => {
    const kind = clip(d.appointmentKind, 200);
    const appointment = `${kind ? article(`${kind} appointment`).replace(/^A/, 'a') : 'an appointment'}${clip(d.service, 200) ? ` with ${clip(d.service, 200)}` : ''}`;
    const notBrought = flag(d.wasNotBrought);
    return {
      summary: sentences(
        notBrought === true
          ? `The child was not brought to ${appointment}`
          : notBrought === false
            ? `The child did not attend ${appointment}`
            : `The child missed ${appointment}`,
        labelled('Follow-up', clip(d.followUp)),
      ),
      action: column(d.followUp),
      outcome: notBrought === true ? 'Was not brought' : notBrought === false ? 'Did not attend' : null,
    };
  }),
};
