import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_OBJECT_REF_LENGTH, parseMarkup } from '../../packages/core/src/markup/parse.js';
import type { Token } from '../../packages/core/src/markup/tokens.js';

const text = (value: string): Token => ({ type: 'text', text: value });
const BREAK: Token = { type: 'break' };

/** Every token of a tree, depth first, so assertions can ask "is there any link anywhere?". */
function allTokens(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((t) => (t.type === 'bold' || t.type === 'italic' ? [t, ...allTokens(t.children)] : [t]));
}

function linksIn(input: string): Token[] {
  return allTokens(parseMarkup(input)).filter((t) => t.type === 'link');
}

/** What a reader sees when the tokens are rendered as text (mentions and objects by their label or key). */
function visible(tokens: readonly Token[]): string {
  return tokens
    .map((t) => {
      switch (t.type) {
        case 'text':
        case 'code':
        case 'link':
          return t.text;
        case 'break':
          return '\n';
        case 'bold':
        case 'italic':
          return visible(t.children);
        case 'mention':
          return t.label ?? `@${t.personId}`;
        case 'hashtag':
          return `#${t.tag}`;
        case 'object':
          return t.label ?? `${t.object.type}:${t.object.id}`;
      }
    })
    .join('');
}

/** Deterministic pseudo-random strings (a fixed LCG), so a failure reproduces. */
function randomStrings(alphabet: readonly string[], count: number, maxLength: number): string[] {
  let seed = 0x2f6b1d;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: count }, () =>
    Array.from({ length: next() % maxLength }, () => alphabet[next() % alphabet.length]).join(''),
  );
}

describe('plain text and breaks', () => {
  test('empty input gives no tokens', () => {
    assert.deepEqual(parseMarkup(''), []);
  });

  test('text without markup characters is one text token equal to the input', () => {
    const input = 'Delivery of order 4711 is late, please check with the carrier (ETA: Monday).';
    assert.deepEqual(parseMarkup(input), [text(input)]);
  });

  test('invariant: random text without markup characters is always one identical text token', () => {
    const alphabet = [...'abcXYZ 019.,;:!?()-=+/%$€ßéあ😀'];
    for (const input of randomStrings(alphabet, 500, 60)) {
      assert.deepEqual(parseMarkup(input), input === '' ? [] : [text(input)], JSON.stringify(input));
    }
  });

  test('\\n, \\r\\n and a lone \\r each become one break', () => {
    assert.deepEqual(parseMarkup('a\nb\r\nc\rd'), [text('a'), BREAK, text('b'), BREAK, text('c'), BREAK, text('d')]);
    assert.deepEqual(parseMarkup('\n\n'), [BREAK, BREAK]);
  });

  test('adjacent text is merged into one token', () => {
    assert.deepEqual(parseMarkup('a ** b _ c @ # [ ` d'), [text('a ** b _ c @ # [ ` d')]);
  });
});

describe('emphasis and code', () => {
  test('**bold**', () => {
    assert.deepEqual(parseMarkup('a **big** deal'), [
      text('a '),
      { type: 'bold', children: [text('big')] },
      text(' deal'),
    ]);
  });

  test('_italic_', () => {
    assert.deepEqual(parseMarkup('an _urgent_ one'), [
      text('an '),
      { type: 'italic', children: [text('urgent')] },
      text(' one'),
    ]);
  });

  test('`code` is verbatim, with no markup inside', () => {
    assert.deepEqual(parseMarkup('run `**x** _y_ @bob #t [[A:1]] https://x.com`!'), [
      text('run '),
      { type: 'code', text: '**x** _y_ @bob #t [[A:1]] https://x.com' },
      text('!'),
    ]);
  });

  test('bold contains italic, mentions, hashtags, links and object references', () => {
    assert.deepEqual(parseMarkup('**see _this_ @bob #erp https://x.com [[SalesOrder:42]]**'), [
      {
        type: 'bold',
        children: [
          text('see '),
          { type: 'italic', children: [text('this')] },
          text(' '),
          { type: 'mention', personId: 'bob', label: null },
          text(' '),
          { type: 'hashtag', tag: 'erp' },
          text(' '),
          { type: 'link', href: 'https://x.com/', text: 'https://x.com' },
          text(' '),
          { type: 'object', object: { type: 'SalesOrder', id: '42' }, label: null },
        ],
      },
    ]);
  });

  test('italic contains bold', () => {
    assert.deepEqual(parseMarkup('_a **b** c_'), [
      { type: 'italic', children: [text('a '), { type: 'bold', children: [text('b')] }, text(' c')] },
    ]);
  });

  test('bold never nests in bold', () => {
    const tokens = parseMarkup('**a _b **c** d_ e**');
    const bolds = allTokens(tokens).filter((t) => t.type === 'bold');
    for (const bold of bolds) {
      assert.ok(!allTokens(bold.children).some((t) => t.type === 'bold'));
    }
    assert.equal(visible(tokens).replaceAll('*', '').replaceAll('_', ''), 'a b c d e');
  });

  test('crossed emphasis keeps the inner unclosed marker literal', () => {
    assert.deepEqual(parseMarkup('**a _b** c_'), [{ type: 'bold', children: [text('a _b')] }, text(' c_')]);
  });

  test('unclosed markers stay literal text', () => {
    for (const input of ['**open', 'open**', '_open', 'open_ x', '`open', 'a ** b **', '[[SalesOrder:1', '[x](notes', '@[Bob](bob', '@[Bob]']) {
      assert.deepEqual(parseMarkup(input), [text(input)], input);
    }
    // The bare URL inside an unclosed Markdown link still links, as on GitHub.
    assert.deepEqual(parseMarkup('[x](https://x.com'), [
      text('[x]('),
      { type: 'link', href: 'https://x.com/', text: 'https://x.com' },
    ]);
  });

  test('emphasis and code do not span line breaks', () => {
    assert.deepEqual(parseMarkup('**a\nb**'), [text('**a'), BREAK, text('b**')]);
    assert.deepEqual(parseMarkup('_a\nb_'), [text('_a'), BREAK, text('b_')]);
    assert.deepEqual(parseMarkup('`a\nb`'), [text('`a'), BREAK, text('b`')]);
  });

  test('underscores inside words are not emphasis', () => {
    assert.deepEqual(parseMarkup('use snake_case_name here'), [text('use snake_case_name here')]);
    assert.deepEqual(parseMarkup('__init__ and ___x___'), [text('__init__ and ___x___')]);
  });

  test('** may be intraword; lone * and *** are literal', () => {
    assert.deepEqual(parseMarkup('un**believ**able'), [
      text('un'),
      { type: 'bold', children: [text('believ')] },
      text('able'),
    ]);
    assert.deepEqual(parseMarkup('2 * 3 *4* ***x***'), [text('2 * 3 *4* ***x***')]);
  });

  test('empty code and emphasis around spaces stay literal', () => {
    assert.deepEqual(parseMarkup('`` and ** x ** and _ y _'), [text('`` and ** x ** and _ y _')]);
  });

  test('backslash escapes produce the literal character', () => {
    assert.deepEqual(parseMarkup('\\*\\*no\\*\\* \\_no\\_ \\`no\\` \\@bob \\#tag \\[[A:1]]'), [
      text('**no** _no_ `no` @bob #tag [[A:1]]'),
    ]);
    assert.deepEqual(parseMarkup('C:\\path\\file'), [text('C:\\path\\file')]);
  });
});

describe('links', () => {
  test('bare http, https and mailto URLs', () => {
    assert.deepEqual(parseMarkup('see http://erp.example.com/x?a=1#f now'), [
      text('see '),
      { type: 'link', href: 'http://erp.example.com/x?a=1#f', text: 'http://erp.example.com/x?a=1#f' },
      text(' now'),
    ]);
    assert.deepEqual(parseMarkup('HTTPS://Example.com/A'), [
      { type: 'link', href: 'https://example.com/A', text: 'HTTPS://Example.com/A' },
    ]);
    assert.deepEqual(parseMarkup('write to mailto:bob@example.com.'), [
      text('write to '),
      { type: 'link', href: 'mailto:bob@example.com', text: 'mailto:bob@example.com' },
      text('.'),
    ]);
  });

  test('trailing punctuation is not part of a bare URL, balanced parentheses are', () => {
    for (const punct of ['.', ',', ';', ':', '!', '?', ')', '...', '!)']) {
      assert.deepEqual(linksIn(`x https://x.com/a${punct}`), [
        { type: 'link', href: 'https://x.com/a', text: 'https://x.com/a' },
      ]);
    }
    assert.deepEqual(parseMarkup('(see https://en.wikipedia.org/wiki/Tea_(meal)).'), [
      text('(see '),
      {
        type: 'link',
        href: 'https://en.wikipedia.org/wiki/Tea_(meal)',
        text: 'https://en.wikipedia.org/wiki/Tea_(meal)',
      },
      text(').'),
    ]);
  });

  test('a bare URL inside bold or quotes ends before the closing marker', () => {
    assert.deepEqual(parseMarkup('**https://x.com**'), [
      { type: 'bold', children: [{ type: 'link', href: 'https://x.com/', text: 'https://x.com' }] },
    ]);
    assert.deepEqual(linksIn('"https://x.com/q" \'https://y.com\''), [
      { type: 'link', href: 'https://x.com/q', text: 'https://x.com/q' },
      { type: 'link', href: 'https://y.com/', text: 'https://y.com' },
    ]);
  });

  test('URL-like text inside a word or without a host is not a link', () => {
    assert.deepEqual(parseMarkup('xhttps://x.com http:// https://'), [text('xhttps://x.com http:// https://')]);
  });

  test('[label](url) Markdown links', () => {
    assert.deepEqual(parseMarkup('open [the order](https://erp.example.com/o/4711) now'), [
      text('open '),
      { type: 'link', href: 'https://erp.example.com/o/4711', text: 'the order' },
      text(' now'),
    ]);
    assert.deepEqual(parseMarkup('[Tea](https://en.wikipedia.org/wiki/Tea_(meal))'), [
      { type: 'link', href: 'https://en.wikipedia.org/wiki/Tea_(meal)', text: 'Tea' },
    ]);
    assert.deepEqual(parseMarkup('[mail me](MAILTO:bob@example.com)'), [
      { type: 'link', href: 'mailto:bob@example.com', text: 'mail me' },
    ]);
  });

  test('dangerous or relative targets never become links and stay literal text', () => {
    const hostile = [
      '[click](javascript:alert(1))',
      '[x](JAVASCRIPT:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x](java\tscript:alert(1))',
      '[x](java\nscript:alert(1))',
      '[x](\u0000javascript:alert(1))',
      '[x](&#106;avascript:alert(1))',
      '[x](data:text/html;base64,PHNjcmlwdD4=)',
      '[x](vbscript:msgbox(1))',
      '[x]( javascript:alert(1))',
      '[x](//evil.com)',
      '[x](/relative/path)',
      '[x](evil.com)',
      '[x](https:evil.com)',
      '[x](http:/evil.com)',
      '[x](https://\u202Eevil.com)',
      '[x](https://erp.example.com@evil.com)',
      'https://erp.example.com:x@evil.com',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
    ];
    for (const input of hostile) {
      assert.deepEqual(linksIn(input), [], JSON.stringify(input));
      assert.equal(visible(parseMarkup(input)), input, JSON.stringify(input));
    }
    assert.deepEqual(parseMarkup('[click](javascript:alert(1))'), [text('[click](javascript:alert(1))')]);
    assert.deepEqual(parseMarkup('[x](//evil.com)'), [text('[x](//evil.com)')]);
  });

  test('quotes and angle brackets in a URL appear in href only percent-encoded', () => {
    for (const input of [`[x](https://x.com/a"b'c<d>e?q="'<>#"'<)`, `https://x.com/a'b?q='x'y`, `[x](mailto:a"b<c>@x.com)`]) {
      const links = linksIn(input);
      assert.equal(links.length, 1, input);
      const link = links[0];
      assert.ok(link?.type === 'link');
      assert.doesNotMatch(link.href, /["'<>`\\]/);
      assert.equal(new URL(link.href).href, link.href);
      assert.match(new URL(link.href).protocol, /^(https?|mailto):$/);
    }
  });
});

describe('mentions', () => {
  test('@person-id gives a mention without label; trailing . and - are prose', () => {
    assert.deepEqual(parseMarkup('thanks @j.doe-2. and @bob-'), [
      text('thanks '),
      { type: 'mention', personId: 'j.doe-2', label: null },
      text('. and '),
      { type: 'mention', personId: 'bob', label: null },
      text('-'),
    ]);
  });

  test('@[Display Name](person-id) gives a labelled mention', () => {
    assert.deepEqual(parseMarkup('ask @[Jane Doe](jane.doe) first'), [
      text('ask '),
      { type: 'mention', personId: 'jane.doe', label: 'Jane Doe' },
      text(' first'),
    ]);
  });

  test('e-mail addresses are not mentions', () => {
    assert.deepEqual(parseMarkup('mail bob@example.com or j_doe@x.org'), [text('mail bob@example.com or j_doe@x.org')]);
  });

  test('a lone @ or an invalid structured mention stays text', () => {
    for (const input of ['@ noon', '@', '@-x', '@[](bob)', '@[ ](bob)', '@[Bob](b b)', '@[Bob](-b)', '@[A\nB](b)']) {
      assert.ok(!allTokens(parseMarkup(input)).some((t) => t.type === 'mention'), JSON.stringify(input));
    }
  });

  test('mention labels are plain strings, markup-looking content included', () => {
    assert.deepEqual(parseMarkup('@[<img src=x onerror=alert(1)>](bob)'), [
      { type: 'mention', personId: 'bob', label: '<img src=x onerror=alert(1)>' },
    ]);
  });

  test('italic around a mention', () => {
    assert.deepEqual(parseMarkup('_@bob_'), [{ type: 'italic', children: [{ type: 'mention', personId: 'bob', label: null }] }]);
  });
});

describe('hashtags', () => {
  test('#tag with Unicode letters, digits, _ and -', () => {
    assert.deepEqual(parseMarkup('#erp #Straße #q3-2025_close #日本語, #हिन्दी'), [
      { type: 'hashtag', tag: 'erp' },
      text(' '),
      { type: 'hashtag', tag: 'Straße' },
      text(' '),
      { type: 'hashtag', tag: 'q3-2025_close' },
      text(' '),
      { type: 'hashtag', tag: '日本語' },
      text(', '),
      { type: 'hashtag', tag: 'हिन्दी' },
    ]);
  });

  test('a tag needs a letter and a word boundary; HTML entities are not tags', () => {
    assert.deepEqual(parseMarkup('#1 C# a#b &#106; &#x6a; # x'), [text('#1 C# a#b &#106; &#x6a; # x')]);
  });
});

describe('object references', () => {
  test('[[type:id]], [[system:type:id]] and a label', () => {
    assert.deepEqual(parseMarkup('[[SalesOrder:4711]] [[S4H:Material:MAT-1/2]] [[Customer:C 9|ACME Corp]]'), [
      { type: 'object', object: { type: 'SalesOrder', id: '4711' }, label: null },
      text(' '),
      { type: 'object', object: { system: 'S4H', type: 'Material', id: 'MAT-1/2' }, label: null },
      text(' '),
      { type: 'object', object: { type: 'Customer', id: 'C 9' }, label: 'ACME Corp' },
    ]);
  });

  test('invalid references stay text', () => {
    for (const input of [
      '[[SalesOrder]]',
      '[[:SalesOrder:1]]',
      '[[1Order:1]]',
      '[[SalesOrder: 1]]',
      '[[SalesOrder:1 ]]',
      '[[ S4H:SalesOrder:1]]',
      '[[a:b:c:d]]',
      '[[SalesOrder:]]',
      '[[SalesOrder:1]',
      `[[SalesOrder:1|${'x'.repeat(MAX_OBJECT_REF_LENGTH)}]]`,
    ]) {
      assert.deepEqual(parseMarkup(input), [text(input)], JSON.stringify(input));
    }
  });

  test('ids and labels are plain strings, markup-looking content included', () => {
    assert.deepEqual(parseMarkup('[[SalesOrder:"><script>|x]]'), [
      { type: 'object', object: { type: 'SalesOrder', id: '"><script>' }, label: 'x' },
    ]);
  });
});

describe('hostile input', () => {
  test('HTML stays one text token, exactly as typed', () => {
    for (const input of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>']) {
      assert.deepEqual(parseMarkup(input), [text(input)]);
    }
  });

  test('NUL, lone surrogates and other odd code units do not throw', () => {
    const inputs = [
      '\u0000',
      'a\u0000**b\u0000**',
      '\uD800',
      '\uDC00**x**\uD83D',
      '#\uD800tag @\uDC00bob _\uD800_',
      'https://x.com/\uD800',
      '[x](https://x.com/\uDFFF)',
      '[[A:\uD800]]',
      '\uFEFF\u202E\u2028\u2029',
    ];
    for (const input of inputs) assert.doesNotThrow(() => parseMarkup(input), JSON.stringify(input));
  });

  test('random markup soup never throws and always yields well-formed tokens', () => {
    const alphabet = [...'*_`@#[]()|:\\\n /.abcX1', 'https://', 'mailto:', '[[', ']]', '](', '\uD800', '\u0000'];
    const check = (tokens: readonly Token[], inEmphasis: Token['type'][], input: string): void => {
      tokens.forEach((t, k) => {
        const where = JSON.stringify(input);
        if (t.type === 'text') {
          assert.notEqual(t.text, '', where);
          assert.notEqual(tokens[k + 1]?.type, 'text', `adjacent text tokens in ${where}`);
        }
        if (t.type === 'break') assert.deepEqual(inEmphasis, [], `break inside emphasis in ${where}`);
        if (t.type === 'link') assert.match(new URL(t.href).protocol, /^(https?|mailto):$/, where);
        if (t.type === 'bold' || t.type === 'italic') {
          assert.ok(!inEmphasis.includes(t.type), `${t.type} inside ${t.type} in ${where}`);
          assert.ok(t.children.length > 0, where);
          check(t.children, [...inEmphasis, t.type], input);
        }
      });
    };
    for (const input of randomStrings(alphabet, 3000, 40)) check(parseMarkup(input), [], input);
  });

  const hostileInputs: Record<string, string> = {
    "'**_'.repeat(30000)": '**_'.repeat(30000),
    "'[['.repeat(50000)": '[['.repeat(50000),
    "'@'.repeat(100000)": '@'.repeat(100000),
    "'[a]('.repeat(25000)": '[a]('.repeat(25000),
    "'@[a]('.repeat(20000)": '@[a]('.repeat(20000),
    "'[[a:b'.repeat(20000) + ']]'": '[[a:b'.repeat(20000) + ']]',
    "('[['.repeat(120) + ']]').repeat(400)": ('[['.repeat(120) + ']]').repeat(400),
    "'http://['.repeat(12500)": 'http://['.repeat(12500),
    "'_a '.repeat(33000)": '_a '.repeat(33000),
    "'`'.repeat(100000)": '`'.repeat(100000),
    "'#1'.repeat(50000)": '#1'.repeat(50000),
    "'@a' + '.'.repeat(100000) + 'b'": '@a' + '.'.repeat(100000) + 'b',
    "'@a' + '.'.repeat(100000)": '@a' + '.'.repeat(100000),
    "'#a' + '-'.repeat(100000)": '#a' + '-'.repeat(100000),
    "'https://a.b/' + ')'.repeat(100000)": 'https://a.b/' + ')'.repeat(100000),
    "'(('.repeat(50000)": '(('.repeat(50000),
    "'[x](https://a.b/' + '('.repeat(100000)": '[x](https://a.b/' + '('.repeat(100000),
  };
  for (const [name, input] of Object.entries(hostileInputs)) {
    test(`${name} parses in well under a second`, () => {
      const started = performance.now();
      const tokens = parseMarkup(input);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 1000, `${name} took ${elapsed.toFixed(0)} ms`);
      assert.ok(tokens.length > 0);
    });
  }
});

describe('visible text', () => {
  test('rendering every token as text reproduces the meaning of mixed input', () => {
    const input =
      'Hi @[Jane Doe](jane), **order [[S4H:SalesOrder:4711|4711]] is _late_**.\n' +
      'See `status=blocked` and [the ticket](https://t.example.com/1) or https://x.com/a. #delivery \\#not';
    assert.equal(
      visible(parseMarkup(input)),
      'Hi Jane Doe, order 4711 is late.\nSee status=blocked and the ticket or https://x.com/a. #delivery #not',
    );
  });
});
