/** The planner's risk texts in Korean: one table in @liftplan/domain, shared with the PDF report. */
export { RISK_TEXT_KO, riskText } from '@liftplan/domain';
