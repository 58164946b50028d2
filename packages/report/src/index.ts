export const REPORT_PACKAGE = '@liftplan/report';
