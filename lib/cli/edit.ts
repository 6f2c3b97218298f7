import { Document, isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap, type YAMLSeq } from "yaml";

/**
 * Edits of a description as text: each change touches only the lines it is
 * about, so every other line (comments, blank lines, flow maps, quoting)
 * stays as the user wrote it. The parsed document only says where things are.
 */
export class DescriptionText {
  constructor(public text: string) {}

  private doc() {
    return parseDocument(this.text);
  }

  /** The list under a top-level key, and the item whose `name` is `name`. */
  find(section: string, name: string): { seq: YAMLSeq; item: YAMLMap; index: number } | undefined {
    const seq = this.doc().get(section, true);
    if (!isSeq(seq)) return undefined;
    const index = seq.items.findIndex((i) => isMap(i) && i.get("name") === name);
    return index < 0 ? undefined : { seq, item: seq.items[index] as YAMLMap, index };
  }

  /** Appends `item` to the list under `section`, after its last item, indented as its items are. */
  append(section: string, item: Record<string, unknown>): void {
    const seq = this.doc().get(section, true);
    if (isSeq(seq) && !seq.flow && seq.items.length > 0) {
      const first = seq.items[0] as Node;
      const last = seq.items[seq.items.length - 1] as Node;
      // An item's map starts two columns after its dash: the dash's indentation is that, less three.
      const indent = column(this.text, first.range![0]) - 3;
      this.insertAfterLine(last.range![1], block(item, indent));
      return;
    }
    if (seq !== undefined && !(isSeq(seq) && seq.items.length === 0)) throw new Error(`'${section}' is not a list of items in block style; add the item by hand`);
    // An empty or missing list: the section written anew, at the end of the file.
    this.removeKey(section);
    this.text = `${this.text.replace(/\n*$/, "\n")}\n${section}:\n${block(item, 2)}\n`;
  }

  /** Deletes the item's lines, from its dash to the line before the next item (or the list's end). */
  remove(section: string, name: string): void {
    const at = this.find(section, name);
    if (!at) throw new Error(`no ${section.replace(/s$/, "")} named '${name}'`);
    const from = lineStart(this.text, at.item.range![0]);
    const next = at.seq.items[at.index + 1] as Node | undefined;
    const to = next ? lineStart(this.text, next.range![0]) : lineEndAfter(this.text, at.item.range![1]);
    this.text = this.text.slice(0, from) + this.text.slice(to);
  }

  /** Sets a scalar key of a list item: its value replaced in place, or a new line after the item's `name`. */
  setKey(section: string, name: string, key: string, value: string): void {
    const at = this.find(section, name);
    if (!at) throw new Error(`no ${section.replace(/s$/, "")} named '${name}'`);
    const pair = at.item.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<Node, Node> | undefined;
    if (pair?.value?.range) {
      this.text = this.text.slice(0, pair.value.range[0]) + value + this.text.slice(pair.value.range[1]);
      return;
    }
    const namePair = at.item.items.find((p) => isScalar(p.key) && p.key.value === "name") as Pair<Node, Node>;
    this.insertAfterLine(namePair.value!.range![1], `${" ".repeat(column(this.text, namePair.key!.range![0]) - 1)}${key}: ${value}`);
  }

  /** Adds strings to a list at a key path (created as [a, b] if missing); a flow list is rewritten in flow. */
  addToList(path: string[], values: string[]): void {
    const doc = this.doc();
    const list = doc.getIn(path, true);
    const current = isSeq(list) ? list.items.map((i) => String(isScalar(i) ? i.value : i)) : [];
    const next = [...current, ...values.filter((v) => !current.includes(v))];
    this.setList(path, next);
  }

  /** Takes a string out of a list at a key path (in flow or block style). */
  removeFromList(path: (string | number)[], value: string): void {
    const list = this.doc().getIn(path, true);
    if (!isSeq(list)) return;
    const items = list.items.map((i) => String(isScalar(i) ? i.value : i));
    if (!items.includes(value)) return;
    this.setList(path, items.filter((i) => i !== value));
  }

  private setList(path: (string | number)[], items: string[]): void {
    const doc = this.doc();
    const list = doc.getIn(path, true);
    const flow = `[${items.map(scalar).join(", ")}]`;
    if (isSeq(list) && list.range) {
      const start = list.flow ? list.range[0] : lineStart(this.text, list.range[0]);
      const end = list.flow ? list.range[1] : lineEndAfter(this.text, list.range[1]);
      // A block list becomes flow, on its key's line.
      this.text = list.flow ? this.text.slice(0, start) + flow + this.text.slice(end) : `${this.text.slice(0, start).replace(/[ \t]*\n$/, " ")}${flow}\n${this.text.slice(end)}`;
      return;
    }
    const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
    const key = String(path[path.length - 1]);
    if (isMap(parent) && !parent.flow && parent.items.length > 0 && parent !== doc.contents) {
      const last = parent.items[parent.items.length - 1] as Pair<Node, Node>;
      const indent = column(this.text, (parent.items[0] as Pair<Node, Node>).key!.range![0]) - 1;
      this.insertAfterLine((last.value ?? last.key)!.range![1], `${" ".repeat(indent)}${key}: ${flow}`);
      return;
    }
    if (path.length === 2 && parent === undefined) {
      this.text = `${this.text.replace(/\n*$/, "\n")}\n${path[0]}:\n  ${key}: ${flow}\n`;
      return;
    }
    throw new Error(`cannot add to ${path.join(".")} here; edit it by hand`);
  }

  private removeKey(key: string): void {
    const doc = this.doc();
    if (!isMap(doc.contents)) return;
    const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<Node, Node> | undefined;
    if (!pair?.key?.range) return;
    const from = lineStart(this.text, pair.key.range[0]);
    const to = lineEndAfter(this.text, (pair.value ?? pair.key).range![1]);
    this.text = this.text.slice(0, from) + this.text.slice(to);
  }

  private insertAfterLine(offset: number, lines: string): void {
    const end = lineEndAfter(this.text, offset);
    const head = this.text.slice(0, end);
    this.text = `${head.endsWith("\n") ? head : `${head}\n`}${lines}\n${this.text.slice(end)}`;
  }
}

/** An item as YAML, in block style (lists of scalars in flow), its dash after `indent` spaces. */
function block(item: Record<string, unknown>, indent: number): string {
  const doc = new Document([item]);
  const flowLists = (n: unknown): void => {
    if (isSeq(n)) {
      if (n.items.every((i) => isScalar(i))) n.flow = true;
      else n.items.forEach(flowLists);
    } else if (isMap(n)) n.items.forEach((p) => flowLists(p.value));
  };
  flowLists(doc.contents);
  return doc
    .toString({ lineWidth: 0, flowCollectionPadding: false })
    .trimEnd()
    .split("\n")
    .map((l) => " ".repeat(indent) + l)
    .join("\n");
}

function scalar(s: string): string {
  return new Document(s).toString({ lineWidth: 0 }).trimEnd();
}

function column(text: string, offset: number): number {
  return offset - text.lastIndexOf("\n", offset - 1);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** The offset just past the newline that ends the line holding `offset` (its trailing comment included). */
function lineEndAfter(text: string, offset: number): number {
  // A block node's range may end past its last newline: that is the line's end already.
  if (offset > 0 && text[offset - 1] === "\n") return offset;
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl + 1;
}
