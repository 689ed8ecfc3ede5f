// class-transformer keeps its @Type and @Transform decorators in a registry it does not export from
// its index; this names the file that holds it (used by quick-acceptance.ts).
declare module 'class-transformer/cjs/storage.js' {
  import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
  export const defaultMetadataStorage: MetadataStorage;
}
