/** The statutory guidance in force on a date (DOMAIN.md): rules are judged against the edition in force when the event occurred. */
export function guidanceInForce(date: string): string {
  if (date >= '2023-12-15') return 'Working Together to Safeguard Children 2023';
  if (date >= '2018-07-04') return 'Working Together to Safeguard Children 2018';
  if (date >= '2015-03-26') return 'Working Together to Safeguard Children 2015';
  if (date >= '2013-04-15') return 'Working Together to Safeguard Children 2013';
  return 'Working Together to Safeguard Children 2010';
}
