/** Table names are ours, never a user's; this keeps it so before one is written into SQL. */
export function tableName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a read-model table name: ${name}`);
  return name;
}
