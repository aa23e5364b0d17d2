const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Intl formatters are costly to build and a long thread formats hundreds of times per render.
const cache = new Map<string, Intl.RelativeTimeFormat | Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.RelativeTimeFormat | Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter;
}

const usableLocales = new Map<string, string>();

/**
 * A tag every Intl constructor accepts for `locale`. A malformed `lang` (`en_US` is a common one) makes
 * them throw a RangeError, which would take the element's render down with it: such a tag is read with
 * `-` for `_`, else as English, whose strings the catalogue already serves it.
 */
export function intlLocale(locale: string): string {
  let usable = usableLocales.get(locale);
  if (usable === undefined) {
    usable = 'en';
    for (const candidate of [locale, locale.replaceAll('_', '-')]) {
      try {
        usable = Intl.getCanonicalLocales(candidate)[0] ?? 'en';
        break;
      } catch {
        // Not a tag: try the next reading.
      }
    }
    usableLocales.set(locale, usable);
  }
  return usable;
}

/** "2 minutes ago" / "il y a 2 minutes", or the date for anything older than a week. */
export function formatRelativeTime(locale: string, iso: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const abs = Math.abs(seconds);
  const relative = cached(`rel:${locale}`, () => new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'auto' }));
  if (abs < MINUTE) return relative.format(0, 'second');
  if (abs < HOUR) return relative.format(Math.trunc(seconds / MINUTE), 'minute');
  if (abs < DAY) return relative.format(Math.trunc(seconds / HOUR), 'hour');
  if (abs < 7 * DAY) return relative.format(Math.trunc(seconds / DAY), 'day');
  return cached(`date:${locale}`, () => new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium' })).format(Date.parse(iso));
}

/** The full date and time, for tooltips. */
export function formatDateTime(locale: string, iso: string): string {
  return cached(`dt:${locale}`, () => new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'full', timeStyle: 'short' })).format(Date.parse(iso));
}

// Counts repeat (a list of badges shows the same few numbers over and over) and Intl.NumberFormat's
// format() costs several microseconds a call: 15 ms of the 1,000-badge page went there. Small counts are
// kept per language once formatted.
const formattedCounts = new Map<string, Map<number, string>>();
const MAX_REMEMBERED_COUNT = 9999;

/** A count in the locale's digits and grouping. */
export function formatNumber(locale: string, value: number): string {
  const formatter = cached(`num:${locale}`, () => new Intl.NumberFormat(intlLocale(locale)));
  if (!Number.isInteger(value) || value < 0 || value > MAX_REMEMBERED_COUNT) return formatter.format(value);
  let counts = formattedCounts.get(locale);
  if (!counts) {
    counts = new Map();
    formattedCounts.set(locale, counts);
  }
  let formatted = counts.get(value);
  if (formatted === undefined) {
    formatted = formatter.format(value);
    counts.set(value, formatted);
  }
  return formatted;
}
