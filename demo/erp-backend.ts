/**
 * The demo's stand-in for an ERP back end: the stock of three products, and the one business event the
 * demo plays — a product running out in a warehouse. Like a real ERP it knows the RSE server only
 * through the signed `POST /erp/events` endpoint: it builds the event, signs it with the shared secret
 * and posts it over HTTP. The browser asks for the business action (`POST /demo/erp/stock-out`) and
 * never sees the secret.
 *
 * @module
 */
import { ERP_EVENTS_PATH, signErpEvent } from '@rse/server';

/** The ERP system name the demo's records carry (`ERP:Product:TV-LCD-55`). */
export const ERP_SYSTEM = 'ERP';
/** The feed the ERP's stock alerts go to. */
export const ALERT_FEED = 'sales-floor';

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
