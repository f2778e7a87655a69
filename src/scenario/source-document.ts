import { Composer, isAlias, isMap, isScalar, LineCounter, Parser, visit, type CST, type Document, type Node } from 'yaml';
import { MAX_NESTING_DEPTH } from './data-shape.js';
import { formatPath, type Problem } from './problem.js';

/** Bounds alias expansion ("billion laughs") when a document becomes data. */
const MAX_ALIAS_COUNT = 1000;

/**
 * A parsed YAML or JSON document that remembers where every value came
 * from, so that a problem found later, at a data path, can be reported at
 * its line and column. JSON is parsed as YAML 1.2, of which it is a subset.
 */
export class SourceDocument {
  readonly file: string;
  private readonly doc: Document.Parsed;
  private readonly lines: LineCounter;

  private constructor(file: string, doc: Document.Parsed, lines: LineCounter) {
    this.file = file;
    this.doc = doc;
    this.lines = lines;
  }

  /**
   * Parses `text`. Returns the document and its plain data, or the syntax
   * problems (every one the parser found).
   */
  static parse(text: string, file: string): { source: SourceDocument; data: unknown } | { problems: Problem[] } {
    const lines = new LineCounter();
    // The parser keeps its own stack, so any nesting is safe to tokenise; the composer and toJS recurse, so depth is checked in between.
    const tokens = Array.from(new Parser(lines.addNewLine).parse(text));
    const deep = tooDeepAt(tokens);
    if (deep !== undefined) {
      const pos = lines.linePos(deep);
      return { problems: [{ file, line: pos.line, col: pos.col, path: '', message: `nests lists and maps more than ${MAX_NESTING_DEPTH} levels deep` }] };
    }
    const docs = Array.from(new Composer({ prettyErrors: false, uniqueKeys: true }).compose(tokens, true, text.length));
    const doc = docs[0] as Document.Parsed;
    const source = new SourceDocument(file, doc, lines);
    const second = docs[1];
    if (second !== undefined) {
      const message = `this file holds ${docs.length} YAML documents; a scenario is one document (remove the "---" or "..." line, or split the file)`;
      return { problems: [source.problemAtOffset(second.range[0], '', message)] };
    }
    if (doc.errors.length > 0) {
      return { problems: doc.errors.map((e) => source.problemAtOffset(e.pos[0], '', firstLine(e.message))) };
    }
    // A value that does not fit its tag (!!float 50, !mine 1) would be read as text without a word: the tag is the mistake.
    const unresolved = doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED');
    if (unresolved.length > 0) {
      return { problems: unresolved.map((w) => source.problemAtOffset(w.pos[0], '', `the tag ${tagAsWritten(w.message)} does not apply to this value (YAML would read it as text): remove the tag`)) };
    }
    const badKeys = source.unnamedKeys();
    if (badKeys.length > 0) return { problems: badKeys };
    try {
      return { source, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
    } catch (e) {
      // toJS throws for excessive alias expansion; report it, never crash.
      const message = e instanceof Error ? e.message : String(e);
      const text = /alias/i.test(message)
        ? `expands YAML aliases more than ${MAX_ALIAS_COUNT} times; this limit guards against alias bombs`
        : firstLine(message);
      return { problems: [{ file, path: '', message: text }] };
    }
  }

  /**
   * A problem located at the value under `path`, or at the nearest enclosing
   * value that exists (a missing key is reported at the map that lacks it).
   * With `key`, the problem is located at that key of the map at `path`.
   */
  problemAt(path: readonly PropertyKey[], message: string, key?: string): Problem {
    const pathText = formatPath(key === undefined ? path : [...path, key]);
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.nodeAt(path.slice(0, depth));
      if (node === undefined) continue;
      if (key !== undefined && depth === path.length && isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        const keyNode = pair?.key;
        if (isScalar(keyNode) && keyNode.range) return this.problemAtOffset(keyNode.range[0], pathText, message);
      }
      if (node.range) return this.problemAtOffset(node.range[0], pathText, message);
    }
    return { file: this.file, path: pathText, message };
  }

  /**
   * Keys that are not names: a list or map as a key (`? [a, b]`) or an
   * empty one (`~:`, `:`). Turned into data, the first would be
   * stringified ("[ a, b ]", with a warning on stderr) and could silently
   * take the place of a real key of that spelling; the second becomes "".
   */
  private unnamedKeys(): Problem[] {
    const problems: Problem[] = [];
    visit(this.doc, {
      Pair: (_, pair, path) => {
        const written: unknown = pair.key;
        // An alias as a key (*k) stands for what it names: a name is a fine key.
        const key: unknown = isAlias(written) ? written.resolve(this.doc) : written;
        if (isScalar(key) && key.value !== null && typeof key.value !== 'object') return;
        const where = written !== null && typeof written === 'object' && 'range' in written ? (written as Node).range : (path[path.length - 1] as Node | undefined)?.range;
        const message =
          key === null || (isScalar(key) && key.source === '')
            ? 'a key is empty; keys are names'
            : isScalar(key) && key.value === null
              ? `the key ${key.source} reads as nothing (null); keys are names: quote it ("${key.source}") to use it as one`
              : isScalar(key)
                ? `the key ${key.source} reads as a ${key.value instanceof Date ? 'date' : 'value that is not a name'}; quote it ("${key.source}") to use it as a name`
                : 'a key is a list or a map; keys are names';
        problems.push(where ? this.problemAtOffset(where[0], '', message) : { file: this.file, path: '', message });
      },
    });
    return problems;
  }

  private nodeAt(path: readonly PropertyKey[]): Node | undefined {
    if (path.length === 0) return this.doc.contents ?? undefined;
    const node: unknown = this.doc.getIn(path as (string | number)[], true);
    return node !== null && typeof node === 'object' && 'range' in node ? (node as Node) : undefined;
  }

  private problemAtOffset(offset: number, path: string, message: string): Problem {
    const pos = this.lines.linePos(offset);
    return { file: this.file, line: pos.line, col: pos.col, path, message };
  }
}

/**
 * The offset of the first list or map nested deeper than
 * `MAX_NESTING_DEPTH`, found without recursion; undefined when none is.
 */
function tooDeepAt(tokens: readonly CST.Token[]): number | undefined {
  const stack: { token: CST.Token; depth: number }[] = tokens.map((token) => ({ token, depth: 0 })).reverse();
  while (stack.length > 0) {
    const { token, depth } = stack.pop() as { token: CST.Token; depth: number };
    const push = (child: CST.Token | null | undefined, d: number): void => {
      if (child !== null && child !== undefined) stack.push({ token: child, depth: d });
    };
    switch (token.type) {
      case 'document':
        push(token.value, depth);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth >= MAX_NESTING_DEPTH) return token.offset;
        for (let i = token.items.length - 1; i >= 0; i--) {
          const item = token.items[i] as CST.CollectionItem;
          push(item.value, depth + 1);
          push(item.key, depth + 1);
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

/** The tag an "Unresolved tag" warning names, as a file writes it (`tag:yaml.org,2002:float` is `!!float`). */
function tagAsWritten(message: string): string {
  const tag = /Unresolved tag: (\S+)/.exec(message)?.[1] ?? '';
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
