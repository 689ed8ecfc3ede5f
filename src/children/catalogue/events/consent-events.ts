import { EnumField, TextField } from '../fields';
import { CONSENT_GIVERS, CONSENT_SCOPES } from '../vocabularies';

/** Shared by ConsentSought, ConsentGiven, ConsentRefused and ConsentWithdrawn. */
export class ConsentData {
  @EnumField(CONSENT_SCOPES) scope!: (typeof CONSENT_SCOPES)[number];
  @EnumField(CONSENT_GIVERS) who!: (typeof CONSENT_GIVERS)[number];
  @TextField({ optional: true, max: 2000 }) note?: string;
}
