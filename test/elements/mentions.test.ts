import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { RseClient, type Person } from '@rse/core';
import { MentionController, mentionStyles } from '@rse/elements';
import { LitElement, css } from 'lit';
import { shadow } from '../helpers/fixtures.js';
import { createShareNetwork, until } from '../helpers/share-fixtures.js';

/**
 * The smallest consumer, written the way the brief promises a second one can be: a field, the
 * controller built from three getters, and its listbox rendered after the field.
 */
class MentionHost extends LitElement {
  static override properties = { client: { attribute: false }, search: { type: Boolean } };
  static override styles = [
    mentionStyles,
    css`
      .visually-hidden {
        position: absolute;
        clip: rect(0 0 0 0);
        width: 1px;
        height: 1px;
        overflow: hidden;
      }
    `,
  ];

  client: RseClient | undefined;
  search = false;
  chosen: Person[] = [];
  value = '';

  readonly mentions = new MentionController(
    this,
    () => this.renderRoot.querySelector<HTMLTextAreaElement | HTMLInputElement>('.field'),
    () => this.client,
    {
      onChoose: (person) => this.chosen.push(person),
    },
  );

  protected override render() {
    return html`<label for="field">Message</label>
      <textarea
        id="field"
        class="field"
        @input=${(event: Event) => {
          this.value = (event.target as HTMLTextAreaElement).value;
        }}
      ></textarea>
      ${this.mentions.renderListbox()}`;
  }
}
customElements.define('test-mention-host', MentionHost);

/** The same, with an `<input>` in search mode (the share sheet's "Add people"). */
class SearchHost extends LitElement {
  static override properties = { client: { attribute: false } };
  static override styles = [mentionStyles];
  client: RseClient | undefined;
  chosen: Person[] = [];
  readonly people = new MentionController(
    this,
    () => this.renderRoot.querySelector('input'),
    () => this.client,
    { mode: 'search', exclude: () => this.chosen.map((p) => p.id), onChoose: (person) => this.chosen.push(person) },
  );

  protected override render() {
    return html`<label for="people">Add people</label><input id="people" type="text" />${this.people.renderListbox()}`;
  }
}
customElements.define('test-search-host', SearchHost);

function counted(client: RseClient): { calls: string[] } {
  const record = { calls: [] as string[] };
  const original = client.searchPeople.bind(client);
  client.searchPeople = (query, limit) => {
    record.calls.push(query);
    return original(query, limit);
  };
  return record;
}

async function renderHost() {
  const client = new RseClient({ adapter: createShareNetwork().adapterFor('camille') });
  const searches = counted(client);
  const host = await fixture<MentionHost>(html`<test-mention-host .client=${client}></test-mention-host>`);
  const field = shadow(host).querySelector('textarea')!;
  field.focus();
  return { client, host, field, searches };
}

function options(host: Element): HTMLElement[] {
  return [...shadow(host).querySelectorAll<HTMLElement>('[role="option"]')];
}

function listbox(host: Element): HTMLElement {
  return shadow(host).querySelector<HTMLElement>('[role="listbox"]')!;
}

function liveText(host: Element): string {
  return shadow(host).querySelector('[role="status"]')?.textContent.trim() ?? '';
}

describe('MentionController', () => {
  it('wires the textarea to a listbox with the ARIA a textarea may carry, and passes axe open', async () => {
    const { host, field } = await renderHost();
    expect(field.getAttribute('aria-autocomplete')).to.equal('list');
    expect(field.getAttribute('aria-controls')).to.equal(listbox(host).id);
    // role=combobox and aria-expanded are not allowed on a textarea (ARIA in HTML); the textbox keeps its role.
    expect(field.hasAttribute('role')).to.equal(false);
    expect(listbox(host).hidden).to.equal(true);
    await sendKeys({ type: 'Hi @jo' });
    await until(() => options(host).length === 1, 'no suggestion for @jo');
    expect(listbox(host).hidden).to.equal(false);
    expect(listbox(host).getAttribute('aria-label')).to.equal('People');
    const [jonas] = options(host);
    expect(jonas?.textContent).to.contain('Jonas Weber');
    expect(jonas?.getAttribute('aria-selected')).to.equal('true');
    expect(field.getAttribute('aria-activedescendant')).to.equal(jonas?.id);
    await until(() => liveText(host) === '1 person found', `announced "${liveText(host)}"`);
    await expect(host).to.be.accessible();
  });

  it('moves with ArrowDown and ArrowUp (wrapping) and inserts the chosen person with Enter', async () => {
    const { host, field } = await renderHost();
    await sendKeys({ type: 'Ask @a' });
    await until(() => options(host).length === 3, 'expected three people for @a');
    await until(() => liveText(host) === '3 people found', 'count not announced');
    const selected = () => options(host).findIndex((o) => o.getAttribute('aria-selected') === 'true');
    expect(selected()).to.equal(0);
    await sendKeys({ press: 'ArrowDown' });
    expect(selected()).to.equal(1);
    expect(field.getAttribute('aria-activedescendant')).to.equal(options(host)[1]?.id);
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowUp' });
    expect(selected()).to.equal(2);
    const name = options(host)[2]?.querySelector('.mentions__name')?.textContent;
    await sendKeys({ press: 'Enter' });
    expect(name).to.equal('Jonas Weber');
    expect(field.value).to.equal('Ask @[Jonas Weber](jonas) ');
    expect(host.value).to.equal(field.value);
    expect(host.chosen.map((p) => p.id)).to.deep.equal(['jonas']);
    expect(listbox(host).hidden).to.equal(true);
    expect(field.hasAttribute('aria-activedescendant')).to.equal(false);
  });

  it('replaces only the typed @query in the middle of text and keeps the caret after the mention', async () => {
    const { host, field } = await renderHost();
    field.value = 'Hello  and more';
    field.setSelectionRange(6, 6);
    await sendKeys({ type: '@jon' });
    await until(() => options(host).length === 1, 'no suggestion');
    await sendKeys({ press: 'Tab' });
    expect(field.value).to.equal('Hello @[Jonas Weber](jonas) and more');
    expect(field.selectionStart).to.equal('Hello @[Jonas Weber](jonas) '.length);
    expect(shadow(host).activeElement).to.equal(field);
  });

  it('closes with Escape without choosing, and stops Escape there', async () => {
    const { host, field } = await renderHost();
    await sendKeys({ type: '@jo' });
    await until(() => options(host).length === 1, 'no suggestion');
    let escaped: KeyboardEvent | undefined;
    host.addEventListener('keydown', (event) => (escaped = event));
    await sendKeys({ press: 'Escape' });
    await host.updateComplete;
    expect(listbox(host).hidden).to.equal(true);
    expect(field.value).to.equal('@jo');
    expect(escaped).to.equal(undefined);
  });

  it('chooses with a click, keeping focus in the field', async () => {
    const { host, field } = await renderHost();
    await sendKeys({ type: '@amir' });
    await until(() => options(host).length === 1, 'no suggestion');
    options(host)[0]?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
    options(host)[0]?.click();
    expect(field.value).to.equal('@[Amira Haddad](amira) ');
  });

  it('searches once per pause in typing, and never for an e-mail address', async () => {
    const { host, searches } = await renderHost();
    await sendKeys({ type: 'mail bob@jonas.example or @jonas' });
    await until(() => options(host).length === 1, 'no suggestion');
    expect(searches.calls).to.deep.equal(['jonas']);
  });

  it('says when nobody matches, showing no list', async () => {
    const { host, field } = await renderHost();
    await sendKeys({ type: '@zzz' });
    await until(() => liveText(host) === 'No one found', 'not announced');
    expect(listbox(host).hidden).to.equal(true);
    expect(field.hasAttribute('aria-activedescendant')).to.equal(false);
  });

  it('ignores a slow answer to an older query', async () => {
    const { client, host } = await renderHost();
    const original = client.searchPeople.bind(client);
    client.searchPeople = async (query, limit) => {
      if (query === 'a') await new Promise((resolve) => setTimeout(resolve, 300));
      return original(query, limit);
    };
    await sendKeys({ type: '@a' });
    await new Promise((resolve) => setTimeout(resolve, 160));
    await sendKeys({ type: 'mir' });
    await until(() => options(host).length === 1, 'no answer for @amir');
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(options(host).map((o) => o.querySelector('.mentions__name')?.textContent)).to.deep.equal(['Amira Haddad']);
  });

  it('closes when the field loses focus', async () => {
    const { host, field } = await renderHost();
    await sendKeys({ type: '@jo' });
    await until(() => options(host).length === 1, 'no suggestion');
    field.blur();
    await host.updateComplete;
    expect(listbox(host).hidden).to.equal(true);
  });

  it('in search mode makes an input a full combobox whose choice clears it, skipping people already chosen', async () => {
    const client = new RseClient({ adapter: createShareNetwork().adapterFor('camille') });
    const host = await fixture<SearchHost>(html`<test-search-host .client=${client}></test-search-host>`);
    const input = shadow(host).querySelector('input')!;
    expect(input.getAttribute('role')).to.equal('combobox');
    expect(input.getAttribute('aria-expanded')).to.equal('false');
    input.focus();
    await sendKeys({ type: 'a' });
    await until(() => options(host).length === 3, 'expected three people');
    expect(input.getAttribute('aria-expanded')).to.equal('true');
    await sendKeys({ press: 'Enter' });
    expect(host.chosen.map((p) => p.id)).to.deep.equal(['amira']);
    expect(input.value).to.equal('');
    expect(input.getAttribute('aria-expanded')).to.equal('false');
    await sendKeys({ type: 'a' });
    await until(() => options(host).length === 2, 'Amira is still suggested');
    await expect(host).to.be.accessible();
  });
});
