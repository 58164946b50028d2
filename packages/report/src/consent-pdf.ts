/**
 * The signed copy of a consent as PDF: the filled form (consent-document.ts), the photo scopes as agreed or
 * refused, and the patient's pointer signature drawn from its SVG path. Reuses the report's renderer and font.
 */
import { prepareImages } from './assets.js';
import { CONSENT_TEMPLATE, type PhotoScope } from './consent-template.js';
import type { ConsentDocument } from './consent-document.js';
import { renderPdf } from './pdf.js';
import type { Block, DocDefinition, ImageSource } from './types.js';

/** The pad the web captures on: path coordinates are in this box. */
export const SIGNATURE_BOX = { width: 600, height: 200 } as const;

export interface ConsentSignature {
  readonly signerName: string;
  /** e.g. "self", or the representative's relation to the patient. */
  readonly signerRelation: string | null;
  /** SVG path data (M/L commands) in the SIGNATURE_BOX frame. */
  readonly path: string;
  /** When it was signed, as printed (the clinic's local time). */
  readonly signedAtText: string;
  readonly photoScopes: Readonly<Record<PhotoScope, boolean>>;
  readonly recordedBy: string;
}

export function signatureSvg(path: string): string {
  const { width, height } = SIGNATURE_BOX;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="#ffffff"/><path d="${path}" fill="none" stroke="#10243e" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
}

export function buildConsentPdfDefinition(doc: ConsentDocument, sig: ConsentSignature): DocDefinition {
  const lang = doc.locale;
  const L = (k: keyof typeof CONSENT_TEMPLATE.labels): string => CONSENT_TEMPLATE.labels[k][lang];
  const images: ImageSource[] = [
    {
      ref: 'signature',
      type: 'overlay',
      view: 'front',
      background: 'plain',
      width: SIGNATURE_BOX.width,
      height: SIGNATURE_BOX.height,
      // The whole pad, embedded at twice its size for a crisp print.
      crop: { x: 0, y: 0, width: SIGNATURE_BOX.width, height: SIGNATURE_BOX.height },
      pixelWidth: SIGNATURE_BOX.width * 2,
      svg: signatureSvg(sig.path),
    },
  ];
  const blocks: Block[] = [
    { kind: 'heading', id: 'title', level: 1, text: doc.title },
    { kind: 'keyValue', id: 'facts', rows: [...doc.facts] },
    { kind: 'paragraph', id: 'intro', text: doc.intro },
  ];
  for (const s of doc.sections) {
    blocks.push(
      { kind: 'heading', id: `${s.id}-heading`, level: 2, text: s.heading },
      {
        kind: 'paragraph',
        id: `${s.id}-intro`,
        text: s.intro,
        ...(s.id === 'sideEffects' ? { style: 'notice' as const } : {}),
      },
      { kind: 'list', id: s.id, items: [...s.items] },
    );
  }
  blocks.push(
    { kind: 'heading', id: 'photo-heading', level: 2, text: doc.photo.heading },
    { kind: 'paragraph', id: 'photo-intro', text: doc.photo.intro },
    {
      kind: 'table',
      id: 'photo-scopes',
      columns: [
        { header: doc.photo.heading, width: 6 },
        { header: L('choice'), width: 1.6, align: 'center' },
      ],
      rows: doc.photo.scopes.map((s) => [s.text, L(sig.photoScopes[s.id] ? 'agreed' : 'refused')]),
    },
    { kind: 'paragraph', id: 'declaration', style: 'strong', text: doc.declaration },
    {
      kind: 'keyValue',
      id: 'signed',
      rows: [
        {
          key: L('signedBy'),
          value: sig.signerRelation ? `${sig.signerName} (${sig.signerRelation})` : sig.signerName,
        },
        { key: L('signedAt'), value: sig.signedAtText },
      ],
    },
    { kind: 'images', id: 'signature', widthPt: 220, items: [{ ref: 'signature', caption: L('signature') }] },
    { kind: 'paragraph', id: 'notice', style: 'notice', text: doc.notice },
  );
  return {
    kind: 'consent-form',
    // The patient's own copy.
    audience: 'patient',
    locale: lang,
    title: doc.title,
    meta: {
      subject: doc.facts[1]?.value ?? '',
      author: doc.facts[0]?.value ?? '',
      date: sig.signedAtText.slice(0, 10),
    },
    header: `${doc.title} · ${doc.templateId} v${doc.templateVersion}`,
    footer: doc.facts[0]?.value ?? '',
    blocks,
    images,
  };
}

/** Builds and renders the signed copy. */
export async function renderConsentPdf(doc: ConsentDocument, sig: ConsentSignature): Promise<Buffer> {
  const def = buildConsentPdfDefinition(doc, sig);
  return renderPdf(def, await prepareImages(def, []));
}
