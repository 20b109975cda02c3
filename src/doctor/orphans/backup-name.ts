// Names of the backup tables a repair script copies rows into: derived from the constraint, so
// the same repair always names the same table (and a second run stops at CREATE TABLE instead
// of mixing two backups). PostgreSQL cuts names at 63 bytes; a longer name is shortened here, on
// a character boundary, with a hash of the whole name so two long names stay apart.

const MAX_BYTES = 63;

export function backupTableName(constraint: string, suffix = ''): string {
  const full = `fkdoctor_orphans_${constraint}${suffix}`;
  if (byteLength(full) <= MAX_BYTES) return full;
  const tag = `_${fnv1a(full)}`;
  let kept = '';
  for (const ch of full) {
    if (byteLength(kept + ch) + tag.length > MAX_BYTES) break;
    kept += ch;
  }
  return kept + tag;
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** 32-bit FNV-1a of the UTF-8 bytes, as 8 hex digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
