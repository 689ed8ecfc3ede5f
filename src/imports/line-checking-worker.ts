import { serveInThread } from '../common/serve-in-thread';
import { rememberValidationRules } from '../common/validation/validation-metadata-cache';
import { checkLines } from './check-lines';

/*
 * A line-checking thread of an import (see line-checking-threads.ts): it is handed some lines of the
 * file as text and hands back each one checked (the event, or the problems found).
 */
rememberValidationRules();
serveInThread(checkLines);
