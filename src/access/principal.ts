export type Role = 'admin' | 'agency' | 'reviewer' | 'auditor';

/** Who is calling, as established from their API key. An agency principal always has its agency. */
export interface Principal {
  id: string;
  role: Role;
  name: string;
  agencyId?: string;
}

export const ADMIN_PRINCIPAL: Principal = { id: 'admin', role: 'admin', name: 'Administrator (LEDGER_ADMIN_KEY)' };
