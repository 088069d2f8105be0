// The graph panel's page with its script and style sheet written into it (client/src/graph/html.ts): our
// own bundles, but nothing in them may end their element early or slip past the nonce.
import * as assert from 'node:assert/strict';
import { embeddedJson, graphPage, inlineText } from '../../client/src/graph/html';

const base = { cspSource: 'https://webview.test', nonce: 'n0nce', scriptUri: 'https://webview.test/main.js', workerUri: 'https://webview.test/w.js', stylesUri: 'https://webview.test/g.css' };

describe('the graph page with its script inlined', () => {
  it('keeps "</script" and "<!--" inside the script element, meaning the same to JavaScript', () => {
    const js = 'var a = "</script><img src=x onerror=alert(1)>"; var b = /<!--/u; var c = "</SCRIPT>";';
    const out = inlineText(js, 'script');
    assert.equal(out, 'var a = "\\x3C/script><img src=x onerror=alert(1)>"; var b = /\\x3C!--/u; var c = "\\x3C/SCRIPT>";');
    // The same values once JavaScript reads them.
    // eslint-disable-next-line no-new-func
    const read = new Function(`${out}; return [a, b.source, c];`)() as string[];
    assert.equal(read[0], '</script><img src=x onerror=alert(1)>');
    assert.equal(read[2], '</SCRIPT>');
    assert.ok(new RegExp(read[1]!, 'u').test('<!--'));
    assert.equal(inlineText('a::after { content: "</style>"; }', 'style'), 'a::after { content: "\\3c /style>"; }');
  });

  it('writes one script and one style element under the nonce, and fetches neither', () => {
    const html = graphPage({ ...base, inline: { script: 'window.x = "</script>";', styles: 'body { color: red; }' } });
    assert.equal(html.match(/<\/script>/g)?.length, 1, 'one script element');
    assert.ok(html.includes('<script nonce="n0nce">window.x = "\\x3C/script>";</script>'));
    assert.ok(html.includes('<style nonce="n0nce">body { color: red; }</style>'));
    assert.ok(!html.includes('main.js') && !html.includes('g.css'), 'neither is fetched');
    // Without `inline`, both come from their URLs.
    const fetched = graphPage(base);
    assert.ok(fetched.includes('<script nonce="n0nce" src="https://webview.test/main.js"></script>'));
    assert.ok(fetched.includes('<link rel="stylesheet" href="https://webview.test/g.css">'));
  });

  it('writes a map prepared before the panel as data that a label cannot end early, and reads back unchanged', () => {
    const hostile = { type: 'model', name: '</script><script>alert(1)</script><!-- x', label: 'a < b \u2028 "q"' };
    const text = embeddedJson(hostile);
    assert.ok(!text.includes('<'), 'no "<" at all in the data');
    const html = graphPage({ ...base, inline: { script: 'window.x = 1;', styles: '' }, model: text });
    // One data element (not run: type application/json) before the one script, and nothing else ends it.
    const m = /<script type="application\/json" id="im-model">([^]*?)<\/script>/.exec(html);
    assert.ok(m, 'the data element is in the page');
    assert.equal(html.match(/<\/script>/g)?.length, 2, 'the data element and the script, nothing more');
    assert.deepEqual(JSON.parse(m[1]!), hostile);
    assert.ok(html.indexOf('id="im-model"') < html.indexOf('<script nonce='), 'the data comes before the script that reads it');
    assert.ok(!graphPage(base).includes('im-model'), 'no data element without a prepared map');
  });
});
