// A small strict XML reader for tests: enough to prove a document fkdoctor writes (the graph
// SVG) is well-formed (one root, matching tags, quoted and unique attributes, only the five
// predefined and numeric entities, only characters XML 1.0 allows) and to walk its elements.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Text directly inside, entities decoded. */
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  let pos = 0;
  const fail = (why: string): never => {
    const line = source.slice(0, pos).split('\n').length;
    throw new Error(`XML line ${line}: ${why}`);
  };
  for (const ch of source) {
    const c = ch.codePointAt(0) as number;
    const allowed =
      c === 9 ||
      c === 10 ||
      c === 13 ||
      (c >= 0x20 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      c >= 0x10000;
    if (!allowed) fail(`character U+${c.toString(16)} is not allowed in XML`);
  }
  const decode = (raw: string): string => {
    if (raw.includes('<')) fail('raw < in text or attribute');
    return raw.replace(/&([^;]*);?/g, (all, body: string) => {
      if (!all.endsWith(';')) fail(`unterminated entity ${all}`);
      if (body.startsWith('#x')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
      if (body.startsWith('#')) return String.fromCodePoint(Number(body.slice(1)));
      const known = ENTITIES[body];
      if (known === undefined) fail(`unknown entity &${body};`);
      return known as string;
    });
  };
  const skipSpace = () => {
    while (/\s/.test(source[pos] ?? '')) pos++;
  };
  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>');
    if (end < 0) fail('unterminated XML declaration');
    pos = end + 2;
  }
  skipSpace();

  const element = (): XmlElement => {
    if (source[pos] !== '<') fail('expected an element');
    pos++;
    const name = NAME.exec(source.slice(pos))?.[0] ?? fail('bad element name');
    pos += name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (source.startsWith('/>', pos)) {
        pos += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (source[pos] === '>') {
        pos++;
        break;
      }
      const attribute = NAME.exec(source.slice(pos))?.[0] ?? fail(`bad attribute in <${name}>`);
      pos += attribute.length;
      skipSpace();
      if (source[pos] !== '=') fail(`attribute ${attribute} without a value`);
      pos++;
      skipSpace();
      const quote = source[pos];
      if (quote !== '"' && quote !== "'") fail(`attribute ${attribute} not quoted`);
      const end = source.indexOf(quote as string, pos + 1);
      if (end < 0) fail(`unterminated attribute ${attribute}`);
      if (attribute in attributes) fail(`attribute ${attribute} given twice`);
      attributes[attribute] = decode(source.slice(pos + 1, end));
      pos = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      const next = source.indexOf('<', pos);
      if (next < 0) fail(`<${name}> is not closed`);
      text += decode(source.slice(pos, next));
      pos = next;
      if (source.startsWith('</', pos)) {
        const close = `</${name}>`;
        if (!source.startsWith(close, pos)) fail(`expected ${close}`);
        pos += close.length;
        return { name, attributes, children, text };
      }
      if (source.startsWith('<!--', pos)) {
        const end = source.indexOf('-->', pos);
        if (end < 0) fail('unterminated comment');
        pos = end + 3;
        continue;
      }
      children.push(element());
    }
  };
  const root = element();
  skipSpace();
  if (pos !== source.length) fail('content after the root element');
  return root;
}

/** Every element of the tree, depth first. */
export function allElements(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap(allElements)];
}
