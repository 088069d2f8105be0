// Writing untrusted text into GitHub markdown (server/src/cli/format/markdownText.ts), in process:
// every character mdText and mdCode treat specially, alone and in company, the link base read from
// the Actions variables (each variable's pattern below and past its edges), locations with and
// without links, and the comment budget below, at and above its limit. Expected strings are written
// out by hand: in a JS literal `\\` is one backslash of output.
import assert from 'node:assert/strict';
import { Budget, linkBaseFromEnv, location, mdCode, mdText } from '../../server/src/cli/format/markdownText';

describe('markdown text: mdText, every special character', () => {
  const table: [string, string, string][] = [
    ['plain text is left alone', 'payments-db: 1.5s (ok), tier-1', 'payments-db: 1.5s (ok), tier-1'],
    ['a backslash', 'a\\b', 'a\\\\b'],
    ['a backtick', 'a`b', 'a\\`b'],
    ['emphasis: * and _', '*a*_b_', '\\*a\\*\\_b\\_'],
    ['a link: [ and ]', '[x](http://e)', '\\[x\\](http://e)'],
    ['a heading # not before a word', '# x', '\\# x'],
    ['a table pipe', 'a|b', 'a\\|b'],
    ['strikethrough ~', '~~x~~', '\\~\\~x\\~\\~'],
    ['a quote >', '> x', '\\> x'],
    ['&, so no entity can be written', '&lt;', '&amp;lt;'],
    ['< as an entity: no HTML', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)\\>'],
    ['a mention is broken', '@octocat', '@&#8203;octocat'],
    ['a lone @', 'a @ b', 'a @&#8203; b'],
    ['an issue reference is broken', '#12', '\\#&#8203;12'],
    ['a cross-repository reference', 'org/repo#12', 'org/repo\\#&#8203;12'],
    ['# before a hyphen', 'x#-y', 'x\\#&#8203;-y'],
    ['GH-12 is broken, in either case', 'GH-12 gh-7', 'GH-&#8203;12 gh-&#8203;7'],
    ['GH- not before a digit, or inside a word, is left alone', 'GH-x XGH-1', 'GH-x XGH-1'],
    ['a mention next to a reference: both broken, neither entity broken again', '@dev fixed #3', '@&#8203;dev fixed \\#&#8203;3'],
    ['LF becomes a space', 'a\nb', 'a b'],
    ['CRLF becomes one space', 'a\r\nb', 'a b'],
    ['a lone CR becomes a space', 'a\rb', 'a b'],
    ['a tab is made visible (and its backslash escaped)', 'a\tb', 'a\\\\tb'],
    ['BEL is made visible', 'a\u0007b', 'a\\\\x07b'],
    ['ESC is made visible', '\u001b[31m', '\\\\x1b\\[31m'],
    ['a bidi override is made visible', 'a\u202eb', 'a\\\\u202eb'],
  ];
  for (const [what, input, expected] of table) {
    it(`${what}: ${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(mdText(input), expected);
    });
  }
});

describe('markdown text: mdCode, code no content can close', () => {
  const table: [string, string, string][] = [
    ['plain', 'a.incidentmap:3', '`a.incidentmap:3`'],
    ['one backtick inside: a fence of two', 'a`b', '``a`b``'],
    ['a run of two inside: a fence of three', 'a``b', '```a``b```'],
    ['the longest run counts, not the first', 'a`b``c', '```a`b``c```'],
    ['a backtick first: padded', '`x', '`` `x ``'],
    ['a backtick last: padded', 'x`', '`` x` ``'],
    ['empty: padded', '', '`  `'],
    ['a pipe is escaped (it ends a table cell even in code)', 'a|b', '`a\\|b`'],
    ['LF, CRLF and a lone CR become spaces', 'a\nb\r\nc\rd', '`a b c d`'],
  ];
  for (const [what, input, expected] of table) {
    it(`${what}: ${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(mdCode(input), expected);
    });
  }
});

describe('markdown text: links to lines', () => {
  const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'owner/repo', GITHUB_SHA: 'abc1234' };

  it('the three Actions variables make a blob base; a trailing slash on the server is dropped; http is allowed', () => {
    assert.deepEqual(linkBaseFromEnv(env), { blob: 'https://github.com/owner/repo/blob/abc1234' });
    assert.deepEqual(linkBaseFromEnv({ ...env, GITHUB_SERVER_URL: 'https://ghe.example.com/' }), { blob: 'https://ghe.example.com/owner/repo/blob/abc1234' });
    assert.deepEqual(linkBaseFromEnv({ ...env, GITHUB_SERVER_URL: 'http://ghe.local' }), { blob: 'http://ghe.local/owner/repo/blob/abc1234' });
    assert.deepEqual(linkBaseFromEnv({ ...env, GITHUB_REPOSITORY: 'my.org/re-po_1', GITHUB_SHA: 'ABCDEF0' }), { blob: 'https://github.com/my.org/re-po_1/blob/ABCDEF0' });
  });

  it('a missing or empty variable: no links', () => {
    for (const key of Object.keys(env)) {
      assert.equal(linkBaseFromEnv({ ...env, [key]: undefined }), undefined, key);
      assert.equal(linkBaseFromEnv({ ...env, [key]: '' }), undefined, key);
    }
  });

  it('a server with a path, another scheme, or text before or after: no links', () => {
    for (const server of ['https://github.com/evil', 'javascript:alert(1)', 'xhttps://github.com', 'https://github.com x', 'ftp://github.com']) {
      assert.equal(linkBaseFromEnv({ ...env, GITHUB_SERVER_URL: server }), undefined, server);
    }
  });

  it('a repository that is not owner/name: no links', () => {
    for (const repo of ['owner', 'owner/repo/x', 'x owner/repo', 'owner/repo x', 'owner/re po']) {
      assert.equal(linkBaseFromEnv({ ...env, GITHUB_REPOSITORY: repo }), undefined, repo);
    }
  });

  it('a commit of 7 to 64 hex digits; 6, 65, non-hex or text around it: no links', () => {
    assert.deepEqual(linkBaseFromEnv({ ...env, GITHUB_SHA: 'a'.repeat(64) }), { blob: `https://github.com/owner/repo/blob/${'a'.repeat(64)}` });
    for (const sha of ['abc123', 'a'.repeat(65), 'g234567', 'zzabc1234', 'abc1234zz', 'main']) {
      assert.equal(linkBaseFromEnv({ ...env, GITHUB_SHA: sha }), undefined, sha);
    }
  });

  const base = { blob: 'https://github.com/o/r/blob/abc1234' };

  it('a location without a base is code', () => {
    assert.equal(location('maps/shop.incidentmap', 12, undefined), '`maps/shop.incidentmap:12`');
  });

  it('a location with a base links to the line, each path segment encoded, parentheses too', () => {
    assert.equal(location('maps/shop a#1.incidentmap', 7, base), '[`maps/shop a#1.incidentmap:7`](https://github.com/o/r/blob/abc1234/maps/shop%20a%231.incidentmap#L7)');
    assert.equal(location('x(1).incidentmap', 2, base), '[`x(1).incidentmap:2`](https://github.com/o/r/blob/abc1234/x%281%29.incidentmap#L2)');
    assert.equal(location('maps/', 1, base), '[`maps/:1`](https://github.com/o/r/blob/abc1234/maps/#L1)');
  });

  it('an absolute path or one with .. is never linked', () => {
    assert.equal(location('/etc/passwd', 1, base), '`/etc/passwd:1`');
    assert.equal(location('../outside.incidentmap', 3, base), '`../outside.incidentmap:3`');
    assert.equal(location('a/../b.incidentmap', 4, base), '`a/../b.incidentmap:4`');
  });
});

describe('markdown text: the comment budget', () => {
  // A part costs its length plus one (the line break that joins it); `limit - reserve` is what add may use.
  it('a part fits exactly at the limit, not one character above it', () => {
    const at = new Budget(20, 5);
    assert.equal(at.add('x'.repeat(14)), true);
    assert.equal(at.size, 15);
    assert.equal(at.add(''), false, 'full: even an empty part costs its line break');
    assert.equal(at.toString(), 'x'.repeat(14));
    const above = new Budget(20, 5);
    assert.equal(above.add('x'.repeat(15)), false);
    assert.equal(above.size, 0);
    assert.equal(above.toString(), '');
  });

  it('below the limit parts are joined by line breaks', () => {
    const b = new Budget(20, 5);
    assert.equal(b.add('abc'), true);
    assert.equal(b.add('de'), true);
    assert.equal(b.size, 7);
    assert.equal(b.toString(), 'abc\nde');
  });

  it('the reserve is 600 unless told', () => {
    const b = new Budget(700);
    assert.equal(b.add('x'.repeat(100)), false);
    assert.equal(b.add('x'.repeat(99)), true);
  });

  it('addRows adds rows while they fit and says how many did', () => {
    const b = new Budget(10, 0);
    assert.equal(b.addRows(['aaa', 'bbb', 'ccc', 'd']), 2, 'the third does not fit; the ones after it are not tried');
    assert.equal(b.toString(), 'aaa\nbbb');
    assert.equal(new Budget(10, 0).addRows([]), 0);
  });

  it('force adds past the limit (into the reserve) and counts what it added', () => {
    const b = new Budget(20, 5);
    b.add('x'.repeat(14));
    b.force('</details>');
    assert.equal(b.size, 26);
    assert.equal(b.toString(), `${'x'.repeat(14)}\n</details>`);
    assert.equal(b.add('y'), false);
  });
});
