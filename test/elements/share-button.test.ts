import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { RseErrorEvent, RseShareButton, RseShareEvent, RseShareRequestEvent } from '@rse/elements';
import { nextEvent, shadow, textOf, waitForText } from '../helpers/fixtures.js';
import {
  buttonNamed,
  controlLabelled,
  createShareNetwork,
  focused,
  inputLabelled,
  part,
  renderShareButton,
  tabUntil,
  until,
} from '../helpers/share-fixtures.js';

function dialog(element: RseShareButton): HTMLDialogElement {
  return part(element, 'dialog') as HTMLDialogElement;
}

function textarea(element: RseShareButton): HTMLTextAreaElement {
  return part(element, 'textarea') as HTMLTextAreaElement;
}

/** Opens the sheet with a click and waits for the feeds to be listed. */
async function openSheet(element: RseShareButton): Promise<void> {
  part(element, '[part="button"]').click();
  await element.updateComplete;
  await until(() => dialog(element).open, 'the sheet never opened');
  await waitForText(element, 'Sales floor');
}

async function type(element: RseShareButton, text: string): Promise<void> {
  const area = textarea(element);
  area.focus();
  area.value = text;
  area.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await element.updateComplete;
}

function check(element: RseShareButton, label: string): void {
  inputLabelled(element, label).click();
}

describe('<rse-share-button>', () => {
  describe('accessibility', () => {
    it('passes axe closed', async () => {
      const { element } = await renderShareButton();
      await expect(element).to.be.accessible();
    });

    it('passes axe with the sheet open, a mention list showing and an alert chosen', async () => {
      const { element } = await renderShareButton();
      await openSheet(element);
      await waitForText(element, 'Hôtel Bellecour');
      check(element, 'Alert');
      await element.updateComplete;
      textarea(element).focus();
      await sendKeys({ type: 'Ask @jo' });
      await until(() => shadow(element).querySelector('[role="option"]') !== null, 'no suggestions');
      await expect(element).to.be.accessible();
    });

    it('names an icon-only button after the record', async () => {
      const network = createShareNetwork();
      const adapter = network.adapterFor('camille');
      const provider = await fixture<HTMLElement>(html`<rse-provider .adapter=${adapter}>
        <rse-share-button icon-only object-type="SalesOrder" object-id="4711" object-title="Sales order 4711"></rse-share-button>
      </rse-provider>`);
      const element = provider.querySelector('rse-share-button')!;
      await element.updateComplete;
      expect(part(element, '[part="button"]').getAttribute('aria-label')).to.equal('Share Sales order 4711');
      expect(part(element, '.share__button-label').hidden).to.equal(true);
      await expect(element).to.be.accessible();
    });
  });

  describe('button', () => {
    it('says "Share" by default and takes its label from the slot', async () => {
      const plain = await renderShareButton();
      expect(textOf(plain.element)).to.contain('Share');
      expect(part(plain.element, '[part="button"]').getAttribute('aria-haspopup')).to.equal('dialog');
      const labelled = await renderShareButton({ label: 'Tell the team' });
      expect(labelled.element.textContent.trim()).to.equal('Tell the team');
    });

    it('maps kebab-case attributes to properties', async () => {
      const { element } = await renderShareButton({ iconOnly: true });
      expect(element.objectType).to.equal('SalesOrder');
      expect(element.objectId).to.equal('4711');
      expect(element.system).to.equal('ERP');
      expect(element.iconOnly).to.equal(true);
    });
  });

  describe('sheet', () => {
    it('opens as a modal dialog with focus in the message, and Escape returns focus to the button', async () => {
      const { element } = await renderShareButton();
      part(element, '[part="button"]').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => dialog(element).open, 'the sheet never opened');
      expect(dialog(element).matches(':modal')).to.equal(true);
      expect(element.open).to.equal(true);
      await until(() => focused(element) === textarea(element), 'focus is not in the message');
      await sendKeys({ press: 'Escape' });
      await until(() => !dialog(element).open, 'Escape did not close the sheet');
      expect(element.open).to.equal(false);
      expect(focused(element)).to.equal(part(element, '[part="button"]'));
    });

    it('closes only the suggestions on Escape while they show, then the sheet on the next Escape', async () => {
      const { element } = await renderShareButton();
      await openSheet(element);
      textarea(element).focus();
      await sendKeys({ type: '@jo' });
      await until(() => shadow(element).querySelector('[role="option"]') !== null, 'no suggestions');
      await sendKeys({ press: 'Escape' });
      await element.updateComplete;
      expect(shadow(element).querySelector('[role="option"]')).to.equal(null);
      expect(dialog(element).open).to.equal(true);
      expect(textarea(element).value).to.equal('@jo');
      await sendKeys({ press: 'Escape' });
      await until(() => !dialog(element).open, 'the second Escape did not close the sheet');
    });

    it("previews the record from the backend's card: title, type, id and key fields", async () => {
      const { element, adapter } = await renderShareButton();
      await openSheet(element);
      await waitForText(element, 'Hôtel Bellecour');
      const card = part(element, '[part="card"]');
      expect(card.textContent).to.contain('Sales order 4711');
      expect(card.textContent).to.contain('SalesOrder · 4711');
      expect(card.textContent).to.contain('Customer');
      expect(part(element, '#share-heading').textContent).to.equal('Share Sales order 4711');
      expect(adapter.calls.objects).to.equal(1);
    });

    it('uses the fields the host passes instead of asking the backend', async () => {
      const network = createShareNetwork();
      const adapter = network.adapterFor('camille');
      const provider = await fixture<HTMLElement>(html`<rse-provider .adapter=${adapter}>
        <rse-share-button
          object-type="SalesOrder"
          object-id="4711"
          object-title="SO 4711 (host)"
          .fields=${[{ label: 'Delivery', value: '14 March' }]}
        ></rse-share-button>
      </rse-provider>`);
      const element = provider.querySelector('rse-share-button')!;
      await openSheet(element);
      const card = part(element, '[part="card"]');
      expect(card.textContent).to.contain('SO 4711 (host)');
      expect(card.textContent).to.contain('14 March');
      expect(adapter.calls.objects).to.equal(0);
    });

    it('keeps Send disabled until there is a message and an audience', async () => {
      const { element } = await renderShareButton();
      await openSheet(element);
      const send = buttonNamed(element, 'Send');
      expect(send.disabled).to.equal(true);
      await type(element, 'Stock is low');
      expect(send.disabled).to.equal(true);
      check(element, 'Logistics');
      await element.updateComplete;
      expect(send.disabled).to.equal(false);
      await type(element, '   ');
      expect(send.disabled).to.equal(true);
    });

    it('shows the severity only for an alert, and stores it', async () => {
      const { element, network } = await renderShareButton();
      await openSheet(element);
      expect(shadow(element).querySelector('select')).to.equal(null);
      check(element, 'Alert');
      await element.updateComplete;
      const select = controlLabelled(element, 'Severity') as HTMLSelectElement;
      expect(select.value).to.equal('warning');
      select.value = 'critical';
      select.dispatchEvent(new Event('change'));
      await type(element, 'Delivery truck broke down');
      check(element, 'Sales floor');
      await element.updateComplete;
      const shared = nextEvent<RseShareEvent>(element, 'rse-share');
      buttonNamed(element, 'Send').click();
      expect((await shared).detail.intent).to.equal('alert');
      const page = await network.adapterFor('amira').getFeed({});
      expect(page.items[0]?.share).to.deep.include({ intent: 'alert', severity: 'critical' });
    });

    it('adds and removes people through the people search', async () => {
      const { element } = await renderShareButton();
      await openSheet(element);
      const input = inputLabelled(element, 'Add people');
      input.focus();
      await sendKeys({ type: 'ami' });
      await until(() => shadow(element).querySelector('[role="option"]')?.textContent.includes('Amira Haddad') === true, 'Amira not suggested');
      expect(input.getAttribute('aria-expanded')).to.equal('true');
      await sendKeys({ press: 'Enter' });
      await until(() => textOf(element).includes('Amira Haddad'), 'no chip');
      expect(input.value).to.equal('');
      expect(dialog(element).open).to.equal(true);
      buttonNamed(element, 'Remove Amira Haddad').click();
      await until(() => !shadow(element).querySelector('.share__chips')?.textContent.includes('Amira'), 'chip not removed');
      await until(() => focused(element) === input, 'focus did not return to the people search');
    });
  });

  describe('sharing', () => {
    it('shares by keyboard alone: a mention, a feed, the Request kind, then Send', async () => {
      const { element, network } = await renderShareButton();
      let requested: RseShareRequestEvent | undefined;
      element.addEventListener('rse-share-request', (event) => (requested = event));
      const shared = nextEvent<RseShareEvent>(element, 'rse-share');

      part(element, '[part="button"]').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => focused(element) === textarea(element), 'focus is not in the message');
      await waitForText(element, 'Sales floor');
      await sendKeys({ type: 'Can you check the stock, @jon' });
      await until(() => shadow(element).querySelector('[role="option"]')?.textContent.includes('Jonas Weber') === true, 'Jonas not suggested');
      expect(textarea(element).getAttribute('aria-activedescendant')).to.match(/option-0$/);
      await sendKeys({ press: 'Enter' });
      await sendKeys({ type: '?' });
      expect(textarea(element).value).to.equal('Can you check the stock, @[Jonas Weber](jonas) ?');

      await tabUntil(element, (el) => el === inputLabelled(element, 'Sales floor'));
      await sendKeys({ press: 'Space' });
      await tabUntil(element, (el) => el === inputLabelled(element, 'Information'));
      await sendKeys({ press: 'ArrowRight' });
      await until(() => inputLabelled(element, 'Request').checked, 'ArrowRight did not choose Request');
      await tabUntil(element, (el) => el === buttonNamed(element, 'Send'));
      await sendKeys({ press: 'Enter' });

      const event = await shared;
      expect(event.detail.objectKey).to.equal('ERP:SalesOrder:4711');
      expect(event.detail.intent).to.equal('request');
      expect(event.bubbles && event.composed).to.equal(true);
      expect(requested?.detail).to.deep.equal({
        objectKey: 'ERP:SalesOrder:4711',
        intent: 'request',
        severity: null,
        feedIds: ['sales-floor'],
        personIds: [],
        text: 'Can you check the stock, @[Jonas Weber](jonas) ?',
      });
      await until(() => !dialog(element).open, 'the sheet did not close after sending');
      expect(focused(element)).to.equal(part(element, '[part="button"]'));

      const page = await network.adapterFor('jonas').getFeed({});
      const stored = page.items[0];
      expect(stored?.id).to.equal(event.detail.messageId);
      expect(stored?.text).to.equal('Can you check the stock, @[Jonas Weber](jonas) ?');
      expect(stored?.tokens.some((t) => t.type === 'mention' && t.personId === 'jonas')).to.equal(true);
      expect(stored?.share?.intent).to.equal('request');
      expect(stored?.share?.feeds.map((f) => f.id)).to.deep.equal(['sales-floor']);
      // The next share starts from a blank sheet.
      expect(textarea(element).value).to.equal('');
    });

    it('sends nothing and stays open when rse-share-request is prevented', async () => {
      const { element, network } = await renderShareButton();
      element.addEventListener('rse-share-request', (event) => {
        event.preventDefault();
      });
      let shared = 0;
      element.addEventListener('rse-share', () => shared++);
      await openSheet(element);
      await type(element, 'Only if the host agrees');
      check(element, 'Sales floor');
      await element.updateComplete;
      const request = nextEvent<RseShareRequestEvent>(element, 'rse-share-request');
      buttonNamed(element, 'Send').click();
      expect((await request).cancelable).to.equal(true);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(shared).to.equal(0);
      expect(dialog(element).open).to.equal(true);
      expect(textarea(element).value).to.equal('Only if the host agrees');
      expect((await network.adapterFor('jonas').getFeed({})).items).to.have.length(0);
    });

    it('keeps the draft and says why when sending fails, then succeeds on retry without duplicating', async () => {
      const { element, adapter, network } = await renderShareButton();
      await openSheet(element);
      await type(element, 'Do not lose me');
      check(element, 'Sales floor');
      await element.updateComplete;
      adapter.offline = true;
      const failed = nextEvent<RseErrorEvent>(element, 'rse-error');
      buttonNamed(element, 'Send').click();
      expect((await failed).detail).to.include({ operation: 'share', code: 'NETWORK' });
      await waitForText(element, 'Not shared: The server cannot be reached.');
      expect(part(element, '#share-error').getAttribute('role')).to.equal('alert');
      expect(textarea(element).getAttribute('aria-invalid')).to.equal('true');
      expect(textarea(element).value).to.equal('Do not lose me');
      expect(inputLabelled(element, 'Sales floor').checked).to.equal(true);
      expect(dialog(element).open).to.equal(true);

      adapter.offline = false;
      const shared = nextEvent<RseShareEvent>(element, 'rse-share');
      buttonNamed(element, 'Send').click();
      await shared;
      expect((await network.adapterFor('jonas').getFeed({})).items).to.have.length(1);
    });

    it('explains, instead of failing silently, when there is no object or no client', async () => {
      const element = await fixture<RseShareButton>(html`<rse-share-button object-type="SalesOrder" object-id="1"></rse-share-button>`);
      part(element, '[part="button"]').click();
      await waitForText(element, 'Not connected');
      const missing = await fixture<RseShareButton>(html`<rse-share-button></rse-share-button>`);
      part(missing, '[part="button"]').click();
      await waitForText(missing, 'Nothing to share');
      // With nothing to name, the sheet and an icon-only button are called "Share", not "Share Share".
      expect(part(missing, '#share-heading').textContent.trim()).to.equal('Share');
      const iconOnly = await fixture<RseShareButton>(html`<rse-share-button icon-only></rse-share-button>`);
      expect(part(iconOnly, '[part="button"]').getAttribute('aria-label')).to.equal('Share');
    });
  });

  describe('properties and languages', () => {
    it('fires no event when code sets properties, opening and closing included', async () => {
      const { element } = await renderShareButton();
      let fired = 0;
      const count = () => fired++;
      for (const type of ['rse-share-request', 'rse-share', 'rse-error']) element.addEventListener(type, count);
      element.open = true;
      await element.updateComplete;
      expect(dialog(element).open).to.equal(true);
      element.objectId = '4712';
      element.iconOnly = true;
      await element.updateComplete;
      element.open = false;
      await element.updateComplete;
      expect(dialog(element).open).to.equal(false);
      expect(fired).to.equal(0);
    });

    it('speaks French and German', async () => {
      const fr = await renderShareButton({ lang: 'fr' });
      expect(textOf(fr.element)).to.contain('Partager');
      await openSheet(fr.element);
      await waitForText(fr.element, 'Destinataires');
      expect(buttonNamed(fr.element, 'Envoyer')).to.exist;
      expect(inputLabelled(fr.element, 'Demande')).to.exist;
      const de = await renderShareButton({ lang: 'de' });
      expect(textOf(de.element)).to.contain('Teilen');
      de.element.open = true;
      await waitForText(de.element, 'Empfänger');
      expect(buttonNamed(de.element, 'Abbrechen')).to.exist;
      expect(inputLabelled(de.element, 'Anfrage')).to.exist;
    });
  });
});
