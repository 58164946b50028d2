export * from './types.js';
export { buildConsultationReport } from './consultation.js';
export { buildAftercareSheet } from './aftercare-sheet.js';
export { renderPdf, renderPdfWithLayout, FONT_FILES, TYPE, type ImagePlacement } from './pdf.js';
export { prepareImages, type ImageOptions } from './assets.js';
export { documentText, documentStructure } from './text.js';
export { planPicture, viewShowsSide, type PlanPicture } from './overlay.js';
export { wrapWords, brokenKoreanWords } from './line-break.js';
export { DEFAULT_TIME_ZONE, checkTimeZone, formatDay, formatInstant } from './dates.js';
export { reportFileName } from './file-name.js';
export { PATIENT_RATE, patientRate } from './risk-plain.js';
export { T as PHRASES, RISK_TEXT_KO, riskTextKo } from './i18n.js';
export { renderReport, type ReportKind, type RenderOptions } from './render.js';
export {
  RenderPool,
  RenderPoolError,
  RENDER_WORKER_URL,
  type RenderPoolOptions,
  type RenderRequest,
  type RenderReply,
} from './render-pool.js';
export * from './consent-template.js';
export {
  buildConsentDocument,
  missingConsentElements,
  type ConsentDocument,
  type ConsentInput,
  type ConsentSection,
} from './consent-document.js';
export {
  buildConsentPdfDefinition,
  renderConsentPdf,
  signatureSvg,
  SIGNATURE_BOX,
  type ConsentSignature,
} from './consent-pdf.js';
export {
  buildRecordCopy,
  renderRecordCopy,
  RECORD_COPY_NAMES,
  RECORD_COPY_TEXT,
  type RecordCopyFollowUp,
  type RecordCopyInput,
  type RecordCopyVisit,
} from './record-copy.js';
