export const SERVER_PACKAGE = '@liftplan/server';
