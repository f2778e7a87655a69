import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
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
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const source = new SourceDocument(file, doc, lines);
    if (doc.errors.length > 0) {
      return { problems: doc.errors.map((e) => source.problemAtOffset(e.pos[0], '', firstLine(e.message))) };
    }
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

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
