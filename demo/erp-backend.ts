/**
 * The demo's stand-in for an ERP back end: the stock of three products, the one business event the
 * demo plays — a product running out in a warehouse — and the ERP's answer to "who may open what".
 *
 * Like a real ERP it knows the RSE server only over HTTP, both ways:
 *
 * - it publishes through the signed `POST /erp/events` endpoint: it builds the event, signs it with the
 *   shared secret and posts it. The browser asks for the business action (`POST /demo/erp/stock-out`)
 *   and never sees the secret;
 * - it answers the RSE server's access questions (`POST /demo/erp/access`, the `HttpAccessPolicy`
 *   protocol) from its own data: {@link mayOpen} of `erp-data.js`, the rules the ERP's screens use.
 *
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import { ERP_EVENTS_PATH, ERP_TIMESTAMP_TOLERANCE_SECONDS, MAX_ACCESS_BATCH, signErpEvent } from '@rse/server';
import { mayOpen } from './erp-data.js';

/** The ERP system name the demo's records carry (`ERP:Product:TV-LCD-55`). */
export const ERP_SYSTEM = 'ERP';
/** The feed the ERP's stock alerts go to. */
export const ALERT_FEED = 'sales-floor';

/** Where the ERP answers the RSE server's access questions (the server's `accessUrl` points here). */
export const ACCESS_PATH = '/demo/erp/access';
/** The largest access question read: the server asks about at most 500 objects per call. */
export const MAX_ACCESS_BODY = 256 * 1024;

/** An object as the RSE server names it in an access question. */
export interface AccessObject {
  readonly system: string | null;
  readonly type: string;
  readonly id: string;
}

/** `{"personId":"camille","objects":[{"system":"ERP","type":"SalesOrder","id":"4711"}]}` */
export interface AccessQuestion {
  readonly personId: string;
  readonly objects: readonly AccessObject[];
}

/** A product as the inventory screen shows it. */
export interface ProductStock {
  readonly id: string;
  readonly name: string;
  readonly warehouse: string;
  /** Units on hand. */
  readonly stock: number;
  /** Units below which the product is reported as low. */
  readonly reorderPoint: number;
}

/**
 * The products and the stock the demo starts with; the server's dev seed knows the same ids and titles.
 * The story: the Lyon warehouse has one unreserved 55" LCD TV left.
 */
const INITIAL_STOCK: readonly ProductStock[] = [
  { id: 'TV-LCD-55', name: '55" LCD TV', warehouse: 'Lyon', stock: 1, reorderPoint: 5 },
  { id: 'BOX-TV-4K', name: '4K TV box', warehouse: 'Lyon, Berlin', stock: 140, reorderPoint: 40 },
  { id: 'WASH-8KG', name: 'Washing machine 8 kg', warehouse: 'Lyon', stock: 3, reorderPoint: 10 },
];

/** What the ERP posts to `/erp/events` (the body the server verifies and records). */
export interface ErpEventBody {
  readonly id: string;
  readonly object: {
    readonly system: string;
    readonly type: string;
    readonly id: string;
    readonly title: string;
    readonly url: string;
    readonly fields: readonly { readonly label: string; readonly value: string }[];
  };
  readonly text: string;
  readonly alert?: { readonly severity: 'info' | 'warning' | 'critical'; readonly feeds: readonly string[] };
}

/** What one publication did, as the demo route reports it to the page. */
export interface PublishOutcome {
  /** The RSE server's HTTP status for the event (201 stored, 409 duplicate, 401 refused…). */
  readonly status: number;
  readonly event: ErpEventBody;
  /** The product after the movement. */
  readonly product: ProductStock;
}

/** Why the ERP refused a business action. */
export class ErpActionError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ErpActionError';
  }
}

/** The simulated ERP: stock in memory (a reset starts over), events signed and posted to the RSE server. */
export class DemoErp {
  private products = new Map<string, ProductStock>();
  /**
   * Event ids must stay unique across restarts on the same database (the server refuses a replayed id),
   * so the sequence starts from the clock rather than from 1.
   */
  private sequence = Date.now();

  constructor(
    private readonly secret: string,
    /** The RSE server's base URL, known once the demo listens. */
    private readonly baseUrl: () => string,
  ) {
    this.reset();
  }

  /** Back to the initial stock. */
  reset(): void {
    this.products = new Map(INITIAL_STOCK.map((product) => [product.id, { ...product }]));
  }

  /** Every product, in display order. */
  list(): ProductStock[] {
    return [...this.products.values()];
  }

  /**
   * Sells the last unit of `productId` (when any is left) and publishes the out-of-stock alert to the
   * sales floor through the signed endpoint.
   */
  async stockOut(productId: string): Promise<PublishOutcome> {
    const product = this.products.get(productId);
    if (!product) throw new ErpActionError(404, `Unknown product ${JSON.stringify(productId)}.`);
    const after: ProductStock = { ...product, stock: 0 };
    this.products.set(productId, after);
    this.sequence += 1;
    const event: ErpEventBody = {
      id: `stock-out-${productId}-${String(this.sequence)}`,
      object: productObject(after),
      text: `Out of stock: ${after.name} (${after.warehouse} warehouse). Orders with [[${ERP_SYSTEM}:Product:${after.id}]] may ship late: check availability before confirming a delivery date. #stock`,
      alert: { severity: 'critical', feeds: [ALERT_FEED] },
    };
    const status = await this.publish(event);
    return { status, event, product: after };
  }

  /**
   * The ERP's verdicts on an access question, one per object in the order asked (`{"canOpen": […]}`):
   * the same rules as the ERP's own screens.
   */
  canOpen(question: AccessQuestion): boolean[] {
    return question.objects.map((object) => mayOpen(question.personId, object));
  }

  /**
   * Why an access question's signature is refused, or `null` when the RSE server signed it (with the
   * shared secret, within the same window as ERP events). Only the RSE server may ask: the answers say
   * who may open which record.
   */
  accessSignatureProblem(timestamp: string | undefined, signature: string | undefined, body: Uint8Array, nowMs = Date.now()): string | null {
    if (timestamp === undefined || signature === undefined) return 'Sign the request: X-RSE-Timestamp and X-RSE-Signature are required.';
    if (!/^[0-9]{1,12}$/u.test(timestamp)) return 'X-RSE-Timestamp must be a Unix time in whole seconds.';
    const expected = Buffer.from(signErpEvent(this.secret, body, Number(timestamp))['X-RSE-Signature']);
    const received = Buffer.from(signature);
    // Constant-time comparison; a length mismatch says nothing the header format does not already say.
    if (received.length !== expected.length || !timingSafeEqual(received, expected)) return 'The signature does not match.';
    if (Math.abs(nowMs / 1000 - Number(timestamp)) > ERP_TIMESTAMP_TOLERANCE_SECONDS) return 'The timestamp is outside the accepted window.';
    return null;
  }

  /** Signs `event` with the shared secret and posts it to the RSE server; resolves with its status. */
  async publish(event: ErpEventBody): Promise<number> {
    const body = JSON.stringify(event);
    const response = await fetch(new URL(ERP_EVENTS_PATH, this.baseUrl()), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...signErpEvent(this.secret, body) },
      body,
    });
    // Drain the body so the loopback connection is released.
    await response.arrayBuffer();
    return response.status;
  }
}

/** How the RSE server shows a product: its card links back to the inventory screen. */
function productObject(product: ProductStock): ErpEventBody['object'] {
  return {
    system: ERP_SYSTEM,
    type: 'Product',
    id: product.id,
    title: product.name,
    url: `#/inventory/${product.id}`,
    fields: [
      { label: 'Stock', value: `${String(product.stock)} units` },
      { label: 'Warehouse', value: product.warehouse },
    ],
  };
}

/** An access question read from JSON, or `null` when the body is not one (at most {@link MAX_ACCESS_BATCH} objects). */
export function parseAccessQuestion(json: unknown): AccessQuestion | null {
  if (typeof json !== 'object' || json === null) return null;
  const { personId, objects } = json as { personId?: unknown; objects?: unknown };
  if (typeof personId !== 'string' || !Array.isArray(objects) || objects.length > MAX_ACCESS_BATCH) return null;
  const parsed: AccessObject[] = [];
  for (const object of objects as unknown[]) {
    if (typeof object !== 'object' || object === null) return null;
    const { system, type, id } = object as { system?: unknown; type?: unknown; id?: unknown };
    if ((system !== null && system !== undefined && typeof system !== 'string') || typeof type !== 'string' || typeof id !== 'string') return null;
    parsed.push({ system: system ?? null, type, id });
  }
  return { personId, objects: parsed };
}
