/** `child-<uuid>` → `<uuid>`: the chronology is kept per child. */
export function childIdOfStream(streamId: string): string {
  return streamId.startsWith('child-') ? streamId.slice('child-'.length) : streamId;
}
