import { ContextProvider } from '@lit/context';
import { RseClient, type RseAdapter } from '@rse/core';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { clientContext } from '../context/client-context.js';

/**
 * Gives the elements inside it their own backend, instead of the page-wide one from `configure()`:
 * for tests, stories, and pages that show two tenants side by side.
 *
 * @summary Scopes an RSE client to a subtree.
 * @tag rse-provider
 * @slot - The elements that use this provider's client.
 */
export class RseProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  private readonly provider = new ContextProvider(this, { context: clientContext });

  /** The backend for the elements inside; a client is created for it. */
  @property({ attribute: false }) adapter: RseAdapter | undefined;

  /** A ready-made client, when several providers should share one cache. Takes precedence over `adapter`. */
  @property({ attribute: false }) client: RseClient | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client') || changed.has('adapter')) {
      const client = this.client ?? (this.adapter ? new RseClient({ adapter: this.adapter }) : undefined);
      this.provider.setValue(client);
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
