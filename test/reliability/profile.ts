/**
 * How hard the reliability suites push. `npm test` (and so CI) runs the `ci` profile, sized to keep
 * the whole suite well under 15 minutes on a 2-core machine; `npm run test:reliability` runs the
 * `full` one (docs/reliability.md gives both and their figures).
 */
export const PROFILE: 'ci' | 'full' = process.env.RELIABILITY_PROFILE === 'full' ? 'full' : 'ci';

export const bySize = <T>(ci: T, full: T): T => (PROFILE === 'full' ? full : ci);
