import type { Block, DocDefinition } from './types.js';

function blockText(b: Block): string[] {
  switch (b.kind) {
    case 'heading':
    case 'paragraph':
      return [b.text];
    case 'list':
      return [...b.items];
    case 'keyValue':
      return b.rows.map((r) => `${r.key}: ${r.value}`);
    case 'table':
      return [
        b.columns.map((c) => c.header.replace(/\n/g, ' ')).join(' | '),
        ...b.rows.map((r) => r.join(' | ')),
      ];
    case 'images':
      return b.items.map((i) => i.caption);
    case 'signatures':
      return b.lines.map((l) => (l.name ? `${l.label}: ${l.name}` : l.label));
    case 'pageBreak':
      return [];
  }
}

/** Every piece of text a reader sees, one block element per line (what the wording lint checks). */
export function documentText(def: DocDefinition): string {
  return [def.title, def.header, ...def.blocks.flatMap(blockText), def.footer].join('\n');
}

/** The document's shape without its words: kinds, ids, and the size of lists and tables. */
export function documentStructure(def: DocDefinition): string[] {
  return def.blocks.map((b) => {
    switch (b.kind) {
      case 'list':
        return `${b.kind}:${b.id}:${b.items.length}`;
      case 'table':
        return `${b.kind}:${b.id}:${b.columns.length}x${b.rows.length}`;
      case 'keyValue':
        return `${b.kind}:${b.id}:${b.rows.length}`;
      case 'images':
        return `${b.kind}:${b.id}:${b.items.map((i) => i.ref).join(',')}`;
      case 'signatures':
        return `${b.kind}:${b.id}:${b.lines.length}`;
      case 'heading':
        return `${b.kind}${b.level}:${b.id}`;
      case 'paragraph':
      case 'pageBreak':
        return `${b.kind}:${b.id}`;
    }
  });
}
