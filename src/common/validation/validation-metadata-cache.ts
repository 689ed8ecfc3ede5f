import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];

let installed = false;

/**
 * class-validator looks up a class's rules, inherited ones included, by scanning every rule of every
 * decorated class in the service, on every validation: a tenth of the time an import spends checking
 * a line (docs/benchmarks.md). A class's rules are all registered when the class is defined, before
 * any instance of it can be validated, and never change afterwards; so the answer for a class (and the
 * same options) is remembered, and so are those rules grouped by property. Classes defined later
 * register their own rules only, under their own key.
 * Idempotent; installed by the service and the CLI at start.
 */
export function rememberValidationRules(): void {
  if (installed) return;
  installed = true;
  const storage = getMetadataStorage();
  const lookUp: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const byClass = new WeakMap<Function, Map<string, ReturnType<Lookup>>>();
  storage.getTargetValidationMetadatas = (targetConstructor, targetSchema, always, strictGroups, groups) => {
    const key = `${targetSchema}\u0000${always}\u0000${strictGroups}\u0000${groups === undefined ? '' : `[${groups.join('\u0001')}]`}`;
    let answers = byClass.get(targetConstructor);
    if (!answers) byClass.set(targetConstructor, (answers = new Map()));
    let rules = answers.get(key);
    if (!rules) answers.set(key, (rules = lookUp(targetConstructor, targetSchema, always, strictGroups, groups)));
    return rules;
  };
  // The rules grouped by property, once per remembered list (class-validator only reads them).
  const groupBy = storage.groupByPropertyName.bind(storage);
  const grouped = new WeakMap<object, ReturnType<typeof groupBy>>();
  storage.groupByPropertyName = (rules) => {
    let byProperty = grouped.get(rules);
    if (!byProperty) grouped.set(rules, (byProperty = groupBy(rules)));
    return byProperty;
  };
}
