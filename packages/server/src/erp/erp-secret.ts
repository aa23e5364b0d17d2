/** The environment variable holding the shared secret of `POST /erp/events`. */
export const ERP_SECRET_ENV = 'RSE_ERP_SECRET';

/**
 * The ERP secret dev mode uses when none is configured. Public on purpose (it is in the README), so a
 * developer can sign test events by hand; never use it on a server others can reach.
 */
export const DEV_ERP_SECRET = 'dev-erp-secret';

const MIN_SECRET_BYTES = 32;

/** Where the ERP secret comes from; see {@link resolveErpSecret}. */
export interface ErpSecretSource {
  readonly dev: boolean;
  /** An explicit secret; wins over everything else. */
  readonly erpSecret?: string | undefined;
  readonly warn: (message: string) => void;
}

/**
 * The shared secret ERP back ends sign events with: an explicit one, else `RSE_ERP_SECRET`, else in dev
 * mode {@link DEV_ERP_SECRET}. `null` when there is none: then `/erp/events` does not exist (404).
 */
export function resolveErpSecret(source: ErpSecretSource): string | null {
  const secret = source.erpSecret ?? process.env[ERP_SECRET_ENV] ?? (source.dev ? DEV_ERP_SECRET : undefined);
  if (secret === undefined || secret === '') return null;
  if (secret !== DEV_ERP_SECRET && Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
    source.warn(`The ERP secret is shorter than ${String(MIN_SECRET_BYTES)} bytes; events signed with it are easy to forge.`);
  }
  return secret;
}
