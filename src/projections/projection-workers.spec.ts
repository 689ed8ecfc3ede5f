import type { Projection } from './runner/projection';
import { projectionsToRun } from './projection-workers';

const named = (name: string): Projection => ({ name, version: 1, tables: [], apply: async () => undefined });
const all = [named('chronology'), named('case-state'), named('compliance')];
const names = (projections: Projection[]) => projections.map((projection) => projection.name);

describe('RUN_PROJECTIONS', () => {
  it('given true, then every projection runs here', () => {
    expect(names(projectionsToRun('true', all))).toEqual(['chronology', 'case-state', 'compliance']);
  });

  it('given false, then none runs here (an instance that only answers requests)', () => {
    expect(projectionsToRun('false', all)).toEqual([]);
  });

  it('given a list, then only the projections it names run here', () => {
    expect(names(projectionsToRun('compliance', all))).toEqual(['compliance']);
    expect(names(projectionsToRun('chronology,case-state', all))).toEqual(['chronology', 'case-state']);
  });

  it('given a name that is not a projection, then the start stops with the names there are', () => {
    expect(() => projectionsToRun('chronology,complience', all)).toThrow('RUN_PROJECTIONS names complience: the projections are chronology, case-state, compliance');
  });
});
