import * as path from 'node:path';

/** The kit's test service; resolved from the package root so it works from src/ and dist/ alike. */
export const echoProtoFile = path.resolve(__dirname, '..', '..', 'src', 'testing', 'proto', 'echo.proto');
export const ECHO_SERVICE = 'carebridge.kittest.v1.Echo';
